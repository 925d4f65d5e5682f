import { createServer, type Server, type Socket } from 'node:net';
import { type Logger, MsgError, toLogger } from '@messagesend/core';
import { compileAcl } from './acl.js';
import type { AmiHost, AmiSend } from './actions/types.js';
import type { LoginUser } from './auth.js';
import type { AmiConfig } from './config.js';
import { AmiErrorCode, AmiEventCode } from './errors.js';
import { AmiSession } from './session.js';

export interface AmiServerOptions {
  config: AmiConfig;
  /** Sends what MessageSend asks for; its status decides the answer (see docs/ami.md). */
  send: AmiSend;
  logger?: Logger;
  /** Wait before answering a failed Login (Asterisk sleeps 1 s). Default 1000. */
  loginFailureDelayMs?: number;
  /** How long `close()` lets running actions answer before closing their sessions. Default 5000. */
  closeGraceMs?: number;
}

export interface AmiServer {
  start(): Promise<{ port: number; address: string }>;
  close(): Promise<void>;
}

/**
 * The Asterisk Manager Interface over TCP, as main/manager.c serves it, for the actions a message
 * gateway needs (Login, Challenge, Logoff, Ping, MessageSend). Written by hand: AMI is a small
 * line protocol and npm has clients for it but no maintained server library.
 */
export function createAmiServer(options: AmiServerOptions): AmiServer {
  const { config } = options;
  const logger = toLogger(options.logger);
  const users = new Map<string, LoginUser>();
  for (const user of config.users) {
    const key = user.name.toLowerCase();
    // The first of a name wins, as Asterisk finds the first user of that name.
    if (!users.has(key)) users.set(key, { ...user, compiledAcl: compileAcl(user.acl) });
  }
  const host: AmiHost = {
    users,
    send: options.send,
    logger,
    loginFailureDelayMs: options.loginFailureDelayMs ?? 1000,
    loggedIn: new Map(),
  };
  const sessions = new Set<AmiSession>();
  let unauthenticated = 0;
  let nextId = 1;
  let server: Server | undefined;

  const accept = (socket: Socket): void => {
    socket.on('error', () => {});
    if (unauthenticated >= config.authLimit) {
      logger.warn(
        `AMI connection from ${socket.remoteAddress}: ${config.authLimit} unauthenticated sessions already open`,
        {
          code: AmiEventCode.AuthLimit,
        },
      );
      socket.destroy();
      return;
    }
    unauthenticated++;
    let counted = true;
    const uncount = () => {
      if (counted) unauthenticated--;
      counted = false;
    };
    const session = new AmiSession(nextId++, socket, host, config.authTimeout, {
      authenticated: uncount,
      ended: (ended) => {
        uncount();
        sessions.delete(ended);
      },
    });
    sessions.add(session);
  };

  const listen = (address: string): Promise<Server> =>
    new Promise((resolve, reject) => {
      const candidate = createServer({ allowHalfOpen: true }, accept);
      candidate.once('error', reject);
      candidate.listen({ port: config.port, host: address }, () => {
        candidate.off('error', reject);
        candidate.on('error', (error) => logger.error('AMI server error', { error }));
        resolve(candidate);
      });
    });

  return {
    async start() {
      if (server !== undefined)
        throw new MsgError(AmiErrorCode.BindFailed, 'the AMI server is already started');
      try {
        server = await listen(config.bindAddr);
      } catch (error) {
        // Asterisk's default `::` on a host without IPv6: every IPv4 address instead.
        const code = (error as NodeJS.ErrnoException).code;
        if (config.bindAddr === '::' && (code === 'EAFNOSUPPORT' || code === 'EADDRNOTAVAIL'))
          server = await listen('0.0.0.0').catch((second) => {
            throw bindFailed(config, second);
          });
        else throw bindFailed(config, error);
      }
      const bound = server.address();
      if (bound === null || typeof bound === 'string') throw bindFailed(config, new Error('no address'));
      logger.info(`AMI listening on ${bound.address}:${bound.port}`);
      return { port: bound.port, address: bound.address };
    },
    async close() {
      const closing = server;
      server = undefined;
      const stopped =
        closing === undefined ? Promise.resolve() : new Promise<void>((r) => closing.close(() => r()));
      const grace = options.closeGraceMs ?? 5000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...sessions].map((session) => session.idle())),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, grace);
        }),
      ]);
      clearTimeout(timer);
      for (const session of sessions) {
        if (session.busy) session.destroy();
        else session.shutdown();
      }
      await stopped;
    },
  };
}

function bindFailed(config: AmiConfig, cause: unknown): MsgError {
  return new MsgError(
    AmiErrorCode.BindFailed,
    `AMI cannot listen on ${config.bindAddr} port ${config.port}: ${(cause as Error).message}`,
    { cause },
  );
}
