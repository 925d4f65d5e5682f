import { DigestServer, findHeader, type IncomingRequest, type ResponseSpec } from '@messagesend/sip-ua';
import type { PjsipConfig } from './config/types.js';

/**
 * Digest checks for inbound requests against an endpoint's `auth` sections (realm per auth
 * section, default "asterisk" as in res_pjsip). A missing or stale answer is challenged (401); a
 * wrong one is refused (403).
 */
export class InboundAuth {
  private readonly servers = new Map<string, DigestServer>();

  constructor(private readonly config: PjsipConfig) {}

  /** undefined when the request may go on, else the response to send. */
  check(request: IncomingRequest, endpointName: string): ResponseSpec | undefined {
    const names = this.config.endpoints?.[endpointName]?.auth ?? [];
    const auths = names.map((name) => this.config.auths?.[name]).filter((auth) => auth !== undefined);
    if (auths.length === 0) return undefined;
    const realm = auths[0]!.realm ?? 'asterisk';
    // Many phones (and SIPp) answer only the first challenge and know only MD5: offer MD5 unless
    // supported_algorithms_uas asks for more, as Asterisk does.
    const algorithms = auths[0]!.supportedAlgorithmsUas ?? ['MD5'];
    const key = `${realm}\n${algorithms.join(',')}`;
    let server = this.servers.get(key);
    if (!server) {
      server = new DigestServer({ realm, algorithms });
      this.servers.set(key, server);
    }
    const verdict = server.verify(
      findHeader(request.headers, 'authorization'),
      { method: request.method, uri: request.uri, body: Buffer.from(request.body, 'utf8') },
      (username) =>
        auths.find((auth) => auth.username === username && (auth.realm ?? 'asterisk') === realm)?.password,
    );
    if (verdict.ok) return undefined;
    if (verdict.reason === 'missing' || verdict.reason === 'stale') {
      return {
        status: 401,
        headers: server
          .challenges(verdict.reason === 'stale')
          .map((value) => ({ name: 'WWW-Authenticate', value })),
      };
    }
    return { status: 403, reason: 'Forbidden' };
  }
}
