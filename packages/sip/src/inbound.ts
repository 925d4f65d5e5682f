import type { InboundDisposition, InboundMessage } from '@messagesend/core';
import { parseNameAddr } from '@messagesend/core';
import {
  applyRegister,
  DigestServer,
  digestRefusal,
  findHeader,
  type IncomingRequest,
  parseRegister,
  type RegistrationStore,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import { dispositionResponse } from '@messagesend/sip-ua/tech-kit';
import type { SipConfig } from './config/types.js';

/**
 * The peer a request comes from, as chan_sip's check_user_full: the From user naming a
 * `type=user` or `friend` section, else a `peer` or `friend` whose host is the source address. A
 * `type=peer` is never selected by a From user, which any sender can write.
 */
export function identifyPeer(request: IncomingRequest, config: SipConfig): string | undefined {
  const peers = config.peers ?? {};
  const from = parseNameAddr(findHeader(request.headers, 'from') ?? '');
  const user = from.ok ? from.value.uri.user : undefined;
  if (user !== undefined && Object.hasOwn(peers, user) && peers[user]!.type !== 'peer') return user;
  const address = request.source.address.replace(/^::ffff:/, '');
  return Object.entries(peers).find(([, peer]) => peer.type !== 'user' && peer.host === address)?.[0];
}

export interface PeerAuthOptions {
  /** Seconds a challenge's nonce stays good (default 32). */
  nonceLifetime?: number;
  /** Accept digest answers without qop (RFC 2069), each nonce once (default false). */
  allowRfc2069?: boolean;
}

/**
 * Digest checks against a peer's secret (MD5, as chan_sip), realm `[general] realm` (default
 * "asterisk"). Nonces are bound to the sender's address and a short lifetime; replayed and
 * qop-less answers are refused.
 */
export class PeerAuth {
  private readonly server: DigestServer;

  constructor(
    private readonly config: SipConfig,
    options: PeerAuthOptions = {},
  ) {
    this.server = new DigestServer({
      realm: config.general?.realm ?? 'asterisk',
      algorithms: ['MD5'],
      nonceTtlMs: (options.nonceLifetime ?? 32) * 1000,
      allowRfc2069: options.allowRfc2069 === true,
    });
  }

  /** undefined when the request may go on. */
  check(request: IncomingRequest, peerName: string): ResponseSpec | undefined {
    const peer = this.config.peers?.[peerName];
    if (!peer?.secret) return undefined;
    const username = peer.defaultuser ?? peer.username ?? peerName;
    const source = request.source.address.replace(/^::ffff:/, '');
    const verdict = this.server.verify(
      findHeader(request.headers, 'authorization'),
      { method: request.method, uri: request.uri, body: Buffer.from(request.body, 'utf8'), source },
      (user) => (user === username ? peer.secret : undefined),
    );
    return verdict.ok ? undefined : digestRefusal(this.server, verdict, source);
  }
}

/** REGISTER from a dynamic peer: one binding per peer, replaced by each registration. */
export function handleRegister(
  request: IncomingRequest,
  config: SipConfig,
  store: RegistrationStore,
  auth: PeerAuth,
): ResponseSpec {
  const to = parseNameAddr(findHeader(request.headers, 'to') ?? '');
  const name = to.ok ? to.value.uri.user : undefined;
  const peer =
    name !== undefined && Object.hasOwn(config.peers ?? {}, name) ? config.peers![name] : undefined;
  if (!name || !peer) return { status: 404, reason: 'Peer Not Found' };
  if (peer.host?.toLowerCase() !== 'dynamic') return { status: 403, reason: 'Peer Is Not Dynamic' };
  const refusal = auth.check(request, name);
  if (refusal) return refusal;
  const parsed = parseRegister(request);
  if (typeof parsed === 'string') return { status: 400, reason: parsed };
  return applyRegister(
    store,
    name,
    parsed,
    { minExpires: 60, maxExpires: 3600, defaultExpires: 120, maxContacts: 1, removeExisting: true },
    request,
  );
}

/** R3.8: an inbound MESSAGE from a peer (or anyone, with auth_message_requests=no). */
export async function handleMessage(
  request: IncomingRequest,
  config: SipConfig,
  auth: PeerAuth,
  deliver: (message: Omit<InboundMessage, 'tech'>) => Promise<InboundDisposition>,
): Promise<ResponseSpec> {
  if (config.general?.acceptOutOfCallMessage === false)
    return { status: 405, headers: [{ name: 'Allow', value: 'REGISTER, OPTIONS' }] };
  const peerName = identifyPeer(request, config);
  if (config.general?.authMessageRequests !== false) {
    if (!peerName) return { status: 403, reason: 'Forbidden (no matching peer)' };
    const refusal = auth.check(request, peerName);
    if (refusal) return refusal;
  }
  const type = findHeader(request.headers, 'content-type') ?? '';
  if (!/^\s*text\/plain/i.test(type))
    return { status: 415, headers: [{ name: 'Accept', value: 'text/plain' }] };

  const fromHeader = parseNameAddr(findHeader(request.headers, 'from') ?? '');
  const fromUri = fromHeader.ok
    ? `${fromHeader.value.uri.scheme}:${fromHeader.value.uri.user ? `${fromHeader.value.uri.user}@` : ''}${fromHeader.value.uri.host}${fromHeader.value.uri.port ? `:${fromHeader.value.uri.port}` : ''}`
    : '';
  const display = fromHeader.ok ? fromHeader.value.displayName : undefined;
  const data: Record<string, string> = {};
  for (const { name, value } of request.headers) data[name] = value;
  data.SIP_RECVADDR = `${request.source.address}:${request.source.port}`;
  if (peerName) data.SIP_PEERNAME = peerName;
  const contact = findHeader(request.headers, 'contact');
  if (contact) data.SIP_FULLCONTACT = contact.replace(/^.*<([^>]*)>.*$/, '$1');

  const disposition = await deliver({
    body: request.body,
    to: request.uri,
    from: display ? `"${display}" <${fromUri}>` : `<${fromUri}>`,
    data,
    ...(peerName ? { endpoint: peerName } : {}),
    destination: peerName ? `sip:${peerName}` : fromUri,
  });
  return dispositionResponse(disposition);
}
