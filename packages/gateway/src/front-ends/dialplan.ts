import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type InboundHandler, type InboundMessage, type Router, toLogger } from '@messagesend/core';
import {
  createDialplanRunner,
  DialplanErrorCode,
  type DialplanRunner,
  extenFromUri,
  loadDialplanFile,
} from '@messagesend/dialplan';
import type { PjsipConfig } from '@messagesend/pjsip';
import type { SipConfig } from '@messagesend/sip';
import type { XmppConfig } from '@messagesend/xmpp';
import type { Logger } from 'pino';

/** The message dialplan of a config folder: the inbound hook that runs it, and its shutdown. */
export interface DialplanFrontEnd {
  readonly hook: InboundHandler;
  readonly runner: DialplanRunner;
  close(graceMs: number): Promise<void>;
}

/** Where Asterisk routes a received message: its context and extension (undefined: `s`). */
export interface DialplanRoute {
  context: string;
  exten?: string;
}

/** Asterisk's default for an endpoint's, peer's or xmpp client's `context`. */
const DEFAULT_CONTEXT = 'default';

/** The technology's parsed config, which every built-in technology exposes. */
function configOf<T>(router: Router, tech: string): T | undefined {
  const found = router.get(tech) as { config?: T } | undefined;
  return found?.config;
}

function lookup<T>(table: Record<string, T> | undefined, name: string | undefined): T | undefined {
  if (!table || name === undefined) return undefined;
  if (name in table) return table[name];
  const lower = name.toLowerCase();
  const key = Object.keys(table).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : table[key];
}

/**
 * The context and extension each technology hands to the dialplan, as Asterisk's channel drivers
 * do (see packages/dialplan/README.md); an unset context is Asterisk's `default`. Undefined:
 * the dialplan is not asked (an unknown endpoint, an xmpp client without sendtodialplan).
 */
export function routeOf(message: InboundMessage, router: Router): DialplanRoute | undefined {
  if (message.tech === 'pjsip') {
    // res_pjsip_messaging: the endpoint's message_context, else its context; exten = R-URI user.
    // The user's `;options` are cut with [global] ignore_uri_user_options, as pjsip does.
    const config = configOf<PjsipConfig>(router, 'pjsip');
    const endpoint = lookup(config?.endpoints, message.endpoint);
    if (!endpoint) return undefined;
    const context = endpoint.messageContext || endpoint.context || DEFAULT_CONTEXT;
    const requestUri = (message as { requestUri?: string }).requestUri;
    const exten =
      requestUri === undefined
        ? undefined
        : extenFromUri(requestUri, { ignoreUserOptions: config?.global?.ignoreUriUserOptions === true });
    return exten === undefined ? { context } : { context, exten };
  }
  if (message.tech === 'sip') {
    // chan_sip: the peer's messagecontext, else [general] messagecontext, else the peer's context
    // (itself defaulting to [general] context, then `default`); `to` is the raw Request-URI.
    const config = configOf<SipConfig>(router, 'sip');
    if (!config) return undefined;
    const peer = lookup(config.peers, message.endpoint);
    const context =
      peer?.messageContext ||
      config.general?.messageContext ||
      peer?.context ||
      config.general?.context ||
      DEFAULT_CONTEXT;
    const exten = message.to === undefined ? undefined : extenFromUri(message.to);
    return exten === undefined ? { context } : { context, exten };
  }
  if (message.tech === 'xmpp') {
    // res_xmpp: the client's context, only with sendtodialplan=yes; no extension (so `s`).
    const account = lookup(configOf<XmppConfig>(router, 'xmpp')?.accounts, message.endpoint);
    if (!account?.sendToDialplan) return undefined;
    return { context: account.context || DEFAULT_CONTEXT };
  }
  return undefined;
}

/**
 * Loads extensions.conf from the config folder (missing: no dialplan) and builds the hook the
 * gateway asks first. Its MessageSend goes through the gateway's router; a message whose
 * context has no such extension at priority 1 is declined, so ARI and onMessage handlers get it.
 */
export function startDialplan(input: {
  dir: string;
  router: Router;
  logger: Logger;
  warnings: string[];
}): DialplanFrontEnd | undefined {
  const path = join(input.dir, 'extensions.conf');
  if (!existsSync(path)) return undefined;
  const logger = input.logger.child({ part: 'dialplan' });
  let loaded: ReturnType<typeof loadDialplanFile>;
  try {
    loaded = loadDialplanFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? DialplanErrorCode.Config;
    logger.error({ file: path, code }, `extensions.conf not loaded: ${(error as Error).message}`);
    input.warnings.push(`${path}: ${(error as Error).message}`);
    return undefined;
  }
  // The gateway logs every file's warnings once it has read them all.
  for (const warning of loaded.warnings) {
    const where = `${warning.file ?? path}${warning.line === undefined ? '' : `:${warning.line}`}`;
    input.warnings.push(`${where} ${warning.code} ${warning.message}`);
  }
  const runner = createDialplanRunner({
    dialplan: loaded.dialplan,
    logger: toLogger(logger),
    // from/to are MessageSend's arguments (SendOptions), so each technology applies its own rule.
    send: (destination, message, options) => input.router.send(destination, message, options),
  });
  const hook: InboundHandler = (message) => {
    const route = routeOf(message, input.router);
    if (!route) return false;
    // Object.assign, not a spread of the just-made route: one hidden class for every message the
    // runner is handed (see core's create-router.ts).
    return runner.accept(
      Object.assign({}, route, {
        message: {
          body: message.body,
          ...(message.from !== undefined ? { from: message.from } : {}),
          ...(message.to !== undefined ? { to: message.to } : {}),
          ...(message.data ? { data: message.data } : {}),
        },
      }),
    );
  };
  return { hook, runner, close: (graceMs) => runner.close({ graceMs }) };
}
