import {
  DigestRejection,
  DigestServer,
  digestRefusal,
  digestRejected,
  findHeader,
  type IncomingRequest,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import type { PjsipConfig } from './config/types.js';

/** Asterisk's `nonce_lifetime` default, in seconds. */
const NONCE_LIFETIME_S = 32;

export interface InboundAuthOptions {
  /** Accept digest answers without qop (RFC 2069), each nonce once (default false). */
  allowRfc2069?: boolean;
}

/**
 * Digest checks for inbound requests against an endpoint's `auth` sections (realm per auth
 * section, default "asterisk" as in res_pjsip). Nonces live `nonce_lifetime` seconds (default 32)
 * and are bound to the sender's address; a missing or stale answer is challenged (401), a wrong,
 * replayed or qop-less one refused (403).
 */
export class InboundAuth {
  private readonly servers = new Map<string, DigestServer>();

  constructor(
    private readonly config: PjsipConfig,
    private readonly options: InboundAuthOptions = {},
  ) {}

  /** undefined when the request may go on, else the response to send. */
  check(request: IncomingRequest, endpointName: string): ResponseSpec | undefined {
    const found = this.serverFor(endpointName);
    if (!found) return undefined;
    const { server, auths, realm } = found;
    const source = sourceOf(request);
    const verdict = server.verify(
      findHeader(request.headers, 'authorization'),
      { method: request.method, uri: request.uri, body: Buffer.from(request.body, 'utf8'), source },
      (username) =>
        auths.find((auth) => auth.username === username && (auth.realm ?? 'asterisk') === realm)?.password,
    );
    return verdict.ok ? undefined : digestRefusal(server, verdict, source);
  }

  /**
   * A challenge for a request no identifier matched, when some endpoint is identified by its
   * Authorization username: the client can only send one after a 401 (Asterisk challenges such
   * requests through its artificial endpoint). undefined when no endpoint allows auth_username.
   */
  challengeUnidentified(request: IncomingRequest): ResponseSpec | undefined {
    const name = Object.entries(this.config.endpoints ?? {}).find(
      ([, endpoint]) => endpoint.identifyBy?.includes('auth_username') && (endpoint.auth?.length ?? 0) > 0,
    )?.[0];
    const found = name === undefined ? undefined : this.serverFor(name);
    return found
      ? digestRefusal(found.server, digestRejected(DigestRejection.Missing), sourceOf(request))
      : undefined;
  }

  private serverFor(endpointName: string) {
    const names = this.config.endpoints?.[endpointName]?.auth ?? [];
    const auths = names.map((name) => this.config.auths?.[name]).filter((auth) => auth !== undefined);
    if (auths.length === 0) return undefined;
    const first = auths[0]!;
    const realm = first.realm ?? 'asterisk';
    // Many phones (and SIPp) answer only the first challenge and know only MD5: offer MD5 unless
    // supported_algorithms_uas asks for more, as Asterisk does.
    const algorithms = first.supportedAlgorithmsUas ?? ['MD5'];
    const lifetime = first.nonceLifetime ?? NONCE_LIFETIME_S;
    const key = `${realm}\n${algorithms.join(',')}\n${lifetime}`;
    let server = this.servers.get(key);
    if (!server) {
      server = new DigestServer({
        realm,
        algorithms,
        nonceTtlMs: lifetime * 1000,
        allowRfc2069: this.options.allowRfc2069 === true,
      });
      this.servers.set(key, server);
    }
    return { server, auths, realm };
  }
}

const sourceOf = (request: IncomingRequest): string => request.source.address.replace(/^::ffff:/, '');
