import {
  DigestServer,
  digestRefusal,
  findHeader,
  type IncomingRequest,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import type { SipConfig } from './config/types.js';

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
    const username = peer.defaultUser ?? peer.username ?? peerName;
    const source = request.source.address.replace(/^::ffff:/, '');
    const verdict = this.server.verify(
      findHeader(request.headers, 'authorization'),
      { method: request.method, uri: request.uri, body: Buffer.from(request.body, 'utf8'), source },
      (user) => (user === username ? peer.secret : undefined),
    );
    return verdict.ok ? undefined : digestRefusal(this.server, verdict, source);
  }
}
