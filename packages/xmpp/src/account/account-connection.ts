import { sanitizeRemoteText } from '@messagesend/core';
import type { Element } from '@xmpp/xml';
import { createConnection, type XmppConnection } from '../connection/connection.js';
import type { AccountOptions } from './account-options.js';

export interface ConnectionEvents {
  stanza(stanza: Element): void;
  disconnect(connection: XmppConnection): void;
  /** The server acknowledged the stanza with this id (XEP-0198). */
  ack(id: string | undefined): void;
  /** The server sent something (any element): the stream is alive. */
  heard(): void;
  /** The server ended the stream with a stream error (`policy-violation - XML stanza is too big`), made safe to show. */
  streamError(text: string): void;
}

/** An xmpp.js client with this account's listeners; reused across reconnects while resumable. */
export function accountConnection(
  options: AccountOptions,
  timeoutMs: number,
  on: ConnectionEvents,
): XmppConnection {
  const { config } = options;
  const { local, domain, resource } = jidParts(config.username);
  const connection = createConnection({
    service: `xmpp://${config.serverHost ?? domain}:${config.port ?? 5222}`,
    domain,
    local,
    password: config.secret,
    resource: resource ?? 'messagesend',
    tls: config.useTls !== false,
    timeoutMs,
    maxElementBytes: options.maxElementBytes,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
  });
  const { entity, sm } = connection;
  sm.requestAckDebounce = options.ackRequestDelayMs;
  if (config.keepAlive === false) {
    sm.requestAckInterval = 0;
    sm.timeout = 0;
  } else {
    sm.requestAckInterval = 30_000;
    sm.timeout = options.ackTimeoutMs;
  }
  entity.on('error', (error: Error) => {
    const text = sanitizeRemoteText(error.message);
    options.logger.debug('xmpp connection error', { account: options.name, error: text });
    if (error.name === 'StreamError') on.streamError(text);
  });
  entity.on('element', () => on.heard());
  entity.on('stanza', (stanza: Element) => on.stanza(stanza));
  entity.on('disconnect', () => on.disconnect(connection));
  sm.on('ack', (stanza: Element) => on.ack(stanza.attrs.id));
  return connection;
}

export function jidParts(username: string): { local: string; domain: string; resource: string | undefined } {
  const [bare = '', resource] = username.split('/');
  const [local = '', domain = ''] = bare.includes('@') ? bare.split('@') : ['', bare];
  return { local, domain, resource };
}
