import { readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { HttpConfig } from '../config/http-conf.js';
import { AriErrorCode } from '../errors.js';

/** ARI request bodies are small JSON objects (variables); anything larger is refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * A body that is not JSON, judged by the route: the npm ari-client (swagger-client 2.0) sends
 * sendMessage's `body` parameter as the raw request body instead of in the query.
 */
export class UnparsedBody {
  constructor(readonly text: string) {}
}

/** A query string with its credentials masked, for logs (`api_key=user:password`). */
export function maskedUrl(url: string): string {
  return url.replace(/([?&]api_key=)[^&]*/gi, '$1***');
}

/**
 * One fastify instance: bounded bodies and waits, JSON bodies only (an empty one allowed, as
 * ari-client sends Content-Type: application/json with no body), errors as `{"message": ...}`.
 */
export async function createHttpServer(
  http: HttpConfig,
  logger: Logger,
  tls: boolean,
): Promise<FastifyInstance> {
  // Our own server, for Node's options fastify does not pass: the request and header bounds are
  // checked every second (Node's default is every 30 s), so a client that stalls mid-request is
  // dropped within about session_inactivity.
  const bounds = {
    requestTimeout: http.sessionInactivityMs,
    headersTimeout: http.sessionInactivityMs,
    connectionsCheckingInterval: Math.min(1000, http.sessionInactivityMs),
    keepAliveTimeout: 15_000,
  };
  const app = Fastify({
    loggerInstance: logger,
    // We log each request ourselves (onResponse, URL with api_key masked).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    connectionTimeout: http.sessionInactivityMs,
    routerOptions: { maxParamLength: 500 },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    serverFactory: (handler: RequestListener) =>
      tls && http.tls
        ? createTlsServer(
            { ...bounds, cert: readFileSync(http.tls.certFile), key: readFileSync(http.tls.keyFile) },
            handler,
          )
        : createServer(bounds, handler),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  app.server.maxConnections = http.sessionLimit;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      // Judged by the route (see UnparsedBody): refused with 400 unless it is ari-client's echo.
      done(null, new UnparsedBody(text));
    }
  });
  // Other content types: refused unless the body is empty (clients send form types with no body).
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    const error = new Error('Request body must be JSON (Content-Type: application/json)') as FastifyError;
    error.statusCode = 415;
    done(error, undefined);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const code =
      status === 413
        ? AriErrorCode.BodyTooLarge
        : status >= 500
          ? AriErrorCode.Internal
          : AriErrorCode.BadRequest;
    if (status >= 500) logger.error({ url: maskedUrl(request.url), err: error }, 'request failed');
    reply.code(status).send({ message: status >= 500 ? 'Internal Server Error' : error.message, code });
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ message: 'Resource not found', code: AriErrorCode.NotFound });
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.debug(
      {
        method: request.method,
        url: maskedUrl(request.url),
        status: reply.statusCode,
        ms: reply.elapsedTime,
      },
      'http request',
    );
  });
  await app.register(websocket, { options: { maxPayload: MAX_BODY_BYTES } });
  return app;
}
