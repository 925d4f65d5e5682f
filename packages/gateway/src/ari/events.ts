import type { FastifyInstance } from 'fastify';
import { AriErrorCode } from '../errors.js';
import type { AriContext } from './context.js';
import { originAllowed } from './routes.js';

/**
 * WebSocket `/ari/events?app=NAME[,NAME][&subscribeAll=true]`: authenticated by the same hook as
 * every ARI route (before the upgrade, so a client without credentials gets a plain 401).
 */
export function registerEvents(app: FastifyInstance, context: AriContext): void {
  app.get<{ Querystring: { app?: string | string[]; subscribeAll?: string } }>(
    '/events',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        const names = appNames(request.query.app);
        if (names.length === 0)
          return reply.code(400).send({ message: 'Missing parameter app', code: AriErrorCode.BadRequest });
        if (!originAllowed(context.config.allowedOrigins, request.headers.origin))
          return reply.code(403).send({ message: 'Origin not allowed', code: AriErrorCode.Origin });
        if (context.closing())
          return reply.code(503).send({ message: 'Shutting down', code: AriErrorCode.ShuttingDown });
        return undefined;
      },
    },
    (socket, request) => {
      const names = appNames(request.query.app);
      const subscribeAll = ['true', 'yes', '1'].includes((request.query.subscribeAll ?? '').toLowerCase());
      const target = {
        send: (text: string) => {
          // A client that does not read: drop it rather than buffer without end (Asterisk closes a
          // session whose writes time out).
          if (socket.bufferedAmount > 4 * 1024 * 1024) socket.terminate();
          else socket.send(text);
        },
        close: (code?: number, reason?: string) => socket.close(code, reason),
      };
      context.applications.connect(names, target, subscribeAll);
      context.logger.info({ apps: names, subscribeAll }, 'ARI WebSocket connected');
      socket.on('message', () => {
        /* ARI clients send nothing we act on */
      });
      socket.on('close', () => context.applications.disconnect(target));
      socket.on('error', () => context.applications.disconnect(target));
    },
  );
}

function appNames(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}
