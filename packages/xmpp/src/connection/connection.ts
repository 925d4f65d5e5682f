import { once } from 'node:events';
import { connect as tlsConnect } from 'node:tls';
import { Client } from '@xmpp/client-core';
import iqCallee from '@xmpp/iq/callee.js';
import iqCaller from '@xmpp/iq/caller.js';
import middleware from '@xmpp/middleware';
import resourceBinding from '@xmpp/resource-binding';
import sasl from '@xmpp/sasl';
import saslPlain from '@xmpp/sasl-plain';
import saslScramSha1 from '@xmpp/sasl-scram-sha-1';
import streamFeatures, { type StreamFeatures } from '@xmpp/stream-features';
import streamManagement, { type StreamManagement } from '@xmpp/stream-management';
import tcp from '@xmpp/tcp';
import xml from '@xmpp/xml';
import SASLFactory from 'saslmechanisms';
import { coalesceWrites } from './coalesce-writes.js';
import { guardIncoming } from './incoming-guard.js';
import { keepInboundCountInOrder } from './sm-inbound-count.js';
import { refuseRequiredTls } from './tls-required.js';
import { trustedCas } from './trust.js';
import { traceWire, type XmppTrace } from './wire-trace.js';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';

export interface ConnectionOptions {
  /** `xmpp://host:port`. */
  service: string;
  /** The JID's domain: the stream's `to` and the name the certificate must carry. */
  domain: string;
  local: string;
  password: string;
  resource: string;
  /** Require STARTTLS with a verified certificate. */
  tls: boolean;
  /** Extra CA certificates (PEM) trusted besides Node's own roots. */
  ca?: string | Buffer;
  /** Bound on xmpp.js's own waits (the server's stream header and answers while logging in). */
  timeoutMs: number;
  /** Most bytes accepted from the server without a complete element. */
  maxElementBytes: number;
  /** The stream both ways, SASL payloads and the password masked (`messagesend --trace`). */
  trace?: XmppTrace;
}

export interface XmppConnection {
  entity: Client;
  sm: StreamManagement;
}

/**
 * An xmpp.js client composed from its parts rather than `@xmpp/client`'s `client()`, because that
 * one's STARTTLS step takes no `ca` option: trusting a private CA would need NODE_EXTRA_CA_CERTS or
 * disabling verification. Everything else is xmpp.js: TCP, stream features, SCRAM-SHA-1 and PLAIN
 * SASL, resource binding and XEP-0198 stream management.
 */
export function createConnection(options: ConnectionOptions): XmppConnection {
  const entity = new Client({ service: options.service, domain: options.domain });
  // xmpp.js waits 2 s for the stream header by default: a slow server would beat the connect bound.
  entity.timeout = options.timeoutMs;
  guardIncoming(entity, options.maxElementBytes);
  if (options.trace)
    traceWire(entity, {
      server: new URL(options.service).host,
      jid: `${options.local}@${options.domain}`,
      password: options.password,
      trace: options.trace,
    });
  tcp({ entity });
  // Each chat message is a small write: with Nagle's algorithm one waits for the server's
  // (delayed, up to 40 ms) ACK of the previous one whenever it has nothing to send back.
  entity.on('connect', () => entity.socket?.setNoDelay(true));
  coalesceWrites(entity);
  const mw = middleware({ entity });
  const features = streamFeatures({ middleware: mw });
  const caller = iqCaller({ middleware: mw, entity });
  const callee = iqCallee({ middleware: mw, entity });
  if (options.tls) useStartTls(features, options);
  else refuseRequiredTls(features);

  const factory = new SASLFactory();
  saslScramSha1(factory);
  saslPlain(factory);
  sasl({ streamFeatures: features, saslFactory: factory }, async (authenticate, mechanisms) => {
    if (options.tls && !entity.isSecure())
      throw new Error('the server did not offer STARTTLS; refusing to log in without TLS');
    // PLAIN would send the password in clear on an unencrypted stream: only as the last resort.
    const mechanism = entity.isSecure()
      ? mechanisms[0]
      : (mechanisms.find((m) => m !== 'PLAIN') ?? mechanisms[0]);
    await authenticate({ username: options.local, password: options.password }, mechanism!);
  });
  const sm = streamManagement({ streamFeatures: features, entity, middleware: mw });
  keepInboundCountInOrder(entity, sm);
  // After stream management, as @xmpp/client orders it: a route that answers does not pass the
  // stanza on, so a ping routed before sm's counting middleware was never counted in `h`.
  callee.get('urn:xmpp:ping', 'ping', () => ({}));
  resourceBinding({ streamFeatures: features, iqCaller: caller }, options.resource);
  return { entity, sm };
}

function useStartTls(features: StreamFeatures, options: ConnectionOptions): void {
  features.use('starttls', NS_TLS, async ({ entity }) => {
    const answer = await entity.sendReceive(xml('starttls', { xmlns: NS_TLS }));
    if (!answer.is('proceed', NS_TLS)) throw new Error('the server refused STARTTLS');
    // Node's TLS socket on the stream's TCP socket (xmpp.js's STARTTLS step takes no `ca`).
    const secure = tlsConnect({
      socket: entity.socket as never,
      host: options.domain,
      servername: options.domain,
      ...(options.ca ? { ca: trustedCas(options.ca) } : {}),
    });
    await once(secure, 'secureConnect');
    // xmpp.js's isSecure() reads `secure` off the attached socket.
    entity._attachSocket(Object.assign(secure, { secure: true }) as never);
    await entity.restart();
  });
}

/**
 * xmpp.js's start() (or its reconnect, on a client that was online: then XEP-0198 resumes the
 * session when the server allows), without its trap: start() leaves a promise for 'online' that nobody reads when
 * opening the stream fails, so a server error before the stream header became an unhandled
 * rejection. This also ends the wait when the server hangs up, instead of at the timeout.
 */
export async function startSession(
  entity: Client,
  domain: string,
  sm: StreamManagement,
): Promise<'online' | 'resumed'> {
  await entity.connect(entity.options.service);
  let how: 'online' | 'resumed' = 'online';
  const online = new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      entity.off('online', onOnline);
      entity.off('error', onError);
      entity.off('disconnect', onDisconnect);
      sm.off('resumed', onResumed);
      if (error) reject(error);
      else resolve();
    };
    const onOnline = (): void => settle();
    // A resumed session (XEP-0198) is online again without xmpp.js emitting 'online'.
    const onResumed = (): void => {
      how = 'resumed';
      settle();
    };
    sm.on('resumed', onResumed);
    const onError = (error: Error): void => settle(error);
    const onDisconnect = (): void =>
      settle(new Error('the server closed the connection before the session was established'));
    entity.on('online', onOnline);
    entity.on('error', onError);
    entity.on('disconnect', onDisconnect);
  });
  const opened = entity.open({ domain });
  // Whichever loses the race below is read by nobody: mark both handled.
  online.catch(() => undefined);
  opened.catch(() => undefined);
  await Promise.race([opened, online]);
  await online;
  return how;
}
