import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AriErrorCode } from '../errors.js';
import { queuedDeliveryRecord } from '../front-ends/redis.js';
import { UnparsedBody } from '../service/http-server.js';
import type { AriContext } from './context.js';
import { authenticate, credentialsOf } from './credentials.js';
import { registerEvents } from './events.js';
import { readVariables, sendMessage } from './send-message.js';
import { API_DOCS, resourceListing } from './swagger.js';

type Query = Record<string, string | string[] | undefined>;

/** res_ari's error body: `{"message": "..."}`; our code rides along for logs and clients that care. */
export function ariError(reply: FastifyReply, status: number, message: string, code: string, extra = {}) {
  return reply.code(status).send({ message, code, ...extra });
}

const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
/** A repeated query parameter, or a comma-separated one, as Asterisk reads allowMultiple parameters. */
const many = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((item) => item.split(','));

/** Browsers may call from these origins (`*`: any); others get no CORS headers, and no WebSocket. */
export function originAllowed(allowed: string[], origin: string | undefined): boolean {
  if (origin === undefined) return true;
  return allowed.includes('*') || allowed.includes(origin);
}

/** The ARI routes, under `{prefix}/ari`. */
export async function registerAri(app: FastifyInstance, context: AriContext, base: string): Promise<void> {
  const config = context.config;
  app.setNotFoundHandler((_request, reply) =>
    ariError(reply, 404, 'Resource not found', AriErrorCode.NotFound),
  );

  // Auth as res_ari: Basic or ?api_key=user:password, 401 otherwise; read_only users only GET.
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (originAllowed(config.allowedOrigins, origin) && origin !== undefined) {
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Access-Control-Allow-Credentials', 'true');
    }
    if (request.method === 'OPTIONS') {
      if (origin === undefined || !originAllowed(config.allowedOrigins, origin))
        return ariError(reply, 403, 'Origin not allowed', AriErrorCode.Origin);
      reply.header('Access-Control-Allow-Methods', 'GET,POST,PUT,DELETE,OPTIONS');
      reply.header('Access-Control-Allow-Headers', 'Authorization,Content-Type');
      return reply.code(204).send();
    }
    const apiKey = first((request.query as Query).api_key);
    const user = authenticate(config, credentialsOf(request.headers.authorization, apiKey));
    if (!user) {
      reply.header('WWW-Authenticate', `Basic realm="${config.authRealm}"`);
      return ariError(reply, 401, 'Authentication required', AriErrorCode.Unauthorized);
    }
    if (user.readOnly && request.method !== 'GET' && request.method !== 'HEAD')
      return ariError(reply, 403, 'Write access denied', AriErrorCode.ReadOnly);
    return undefined;
  });

  // A non-JSON body is refused (400), except on sendMessage without a body= parameter: the npm
  // ari-client (swagger-client 2.0) moves sendMessage's `body` parameter into the request body.
  app.addHook('preValidation', async (request, reply) => {
    if (!(request.body instanceof UnparsedBody)) return undefined;
    const query = request.query as Query;
    if (request.url.split('?')[0]?.endsWith('/sendMessage') && query.body === undefined) {
      query.body = request.body.text;
      request.body = undefined;
      return undefined;
    }
    return ariError(reply, 400, 'Request body is not valid JSON', AriErrorCode.BadRequest);
  });

  const baseUrl = (request: FastifyRequest) =>
    `${request.protocol}://${request.headers.host ?? request.hostname}${base}`;

  app.get('/api-docs/resources.json', async (request) => resourceListing(baseUrl(request)));
  app.get<{ Params: { name: string } }>('/api-docs/:name', async (request, reply) => {
    const doc = API_DOCS[request.params.name.replace(/\.json$/, '')];
    if (!doc) return ariError(reply, 404, 'Resource not found', AriErrorCode.NotFound);
    return doc(baseUrl(request));
  });

  app.get('/asterisk/info', async () => ({
    build: { os: process.platform, kernel: '', machine: process.arch, options: '', date: '', user: '' },
    system: { version: `messagesend ${context.version}`, entity_id: context.entityId },
    config: {
      name: 'messagesend',
      default_language: 'en',
      setid: { user: '', group: '' },
    },
    status: { startup_time: context.startedAt, last_reload_time: context.startedAt },
  }));

  // Endpoints.
  app.get('/endpoints', async () => context.catalog.list());
  const send = async (reply: FastifyReply, to: string | undefined, query: Query, body: unknown) => {
    if (to === undefined || to === '')
      return ariError(reply, 400, 'To must be specified', AriErrorCode.BadRequest);
    const variables = readVariables(body);
    if (!variables.ok) return ariError(reply, 400, variables.detail, variables.reason);
    const answer = await sendMessage(context, to, first(query.from), first(query.body), variables.data);
    if (answer.status === 202) return reply.code(202).header('X-Message-Id', answer.messageId).send();
    return ariError(
      reply,
      answer.status,
      answer.message,
      answer.code,
      answer.reason ? { reason: answer.reason } : {},
    );
  };
  app.put<{ Querystring: Query }>('/endpoints/sendMessage', async (request, reply) =>
    send(reply, first(request.query.to), request.query, request.body),
  );
  app.get<{ Params: { tech: string } }>('/endpoints/:tech', async (request, reply) => {
    if (!context.catalog.has(request.params.tech))
      return ariError(
        reply,
        404,
        `No Endpoints found - invalid tech ${request.params.tech}`,
        AriErrorCode.NotFound,
      );
    return context.catalog.list(request.params.tech);
  });
  app.get<{ Params: { tech: string; resource: string } }>(
    '/endpoints/:tech/:resource',
    async (request, reply) => {
      const endpoint = context.catalog.get(request.params.tech, request.params.resource);
      return endpoint ?? ariError(reply, 404, 'Endpoint not found', AriErrorCode.NotFound);
    },
  );
  app.put<{ Params: { tech: string; resource: string }; Querystring: Query }>(
    '/endpoints/:tech/:resource/sendMessage',
    async (request, reply) => {
      const { tech, resource } = request.params;
      if (!context.catalog.get(tech, resource))
        return ariError(reply, 404, 'Endpoint not found', AriErrorCode.NotFound);
      return send(reply, `${tech.toLowerCase()}:${resource}`, request.query, request.body);
    },
  );

  // Applications.
  app.get('/applications', async () => context.applications.list());
  app.get<{ Params: { app: string } }>('/applications/:app', async (request, reply) => {
    return (
      context.applications.get(request.params.app) ??
      ariError(reply, 404, 'Application not found', AriErrorCode.NotFound)
    );
  });
  const subscription =
    (subscribe: boolean) =>
    async (request: FastifyRequest<{ Params: { app: string }; Querystring: Query }>, reply: FastifyReply) => {
      const sources = many(request.query.eventSource);
      if (sources.length === 0)
        return ariError(reply, 400, 'Missing parameter eventSource', AriErrorCode.BadRequest);
      const name = request.params.app;
      const outcome = subscribe
        ? context.applications.subscribe(name, sources, (id) => endpointExists(context, id))
        : context.applications.unsubscribe(name, sources);
      switch (outcome) {
        case 'ok':
          return context.applications.get(name);
        case 'no-app':
          return ariError(reply, 404, 'Application not found', AriErrorCode.NotFound);
        case 'bad-scheme':
          return ariError(reply, 400, 'Invalid event source URI scheme', AriErrorCode.BadRequest);
        case 'bad-source':
          return ariError(reply, 422, 'Event source does not exist', AriErrorCode.NotFound);
        case 'not-subscribed':
          return ariError(reply, 409, 'Application not subscribed to event source', AriErrorCode.BadRequest);
      }
    };
  app.post('/applications/:app/subscription', subscription(true));
  app.delete('/applications/:app/subscription', subscription(false));

  // Extension: the delivery report of a send, by the 202's X-Message-Id.
  app.get<{ Params: { id: string } }>('/messagesend/deliveries/:id', async (request, reply) => {
    if (context.redis) {
      const report = await context.redis.report(request.params.id);
      if (report === 'unavailable')
        return ariError(reply, 503, 'Redis did not answer', AriErrorCode.QueueRefused);
      return report
        ? queuedDeliveryRecord(report)
        : ariError(reply, 404, 'Unknown or expired message id', AriErrorCode.UnknownMessageId);
    }
    return (
      context.deliveries.get(request.params.id) ??
      ariError(reply, 404, 'Unknown or expired message id', AriErrorCode.UnknownMessageId)
    );
  });

  registerEvents(app, context);
}

/** `PJSIP/alice` configured, `PJSIP` a loaded technology, `` always. */
function endpointExists(context: AriContext, id: string): boolean {
  if (id === '') return true;
  const slash = id.indexOf('/');
  if (slash < 0) return context.catalog.has(id);
  return context.catalog.get(id.slice(0, slash), id.slice(slash + 1)) !== undefined;
}
