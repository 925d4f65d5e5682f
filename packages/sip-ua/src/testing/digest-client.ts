import { parseDigestHeader } from '../mechanics/auth/challenge.js';
import { authorize } from '../mechanics/auth/digest.js';

export interface Target {
  host: string;
  port: number;
}

/** A request as a raw test client sends it (test-peers' RawSipRequest has this shape). */
export interface RawRequest {
  method: string;
  uri: string;
  from: string;
  to: string;
  callId?: string;
  cseq?: number;
  /** Extra header lines, `Name: value`. */
  headers?: string[];
  body?: string;
}

/** The part of a final response that sendWithDigest reads. */
export interface RawResponse {
  status: number;
  header(name: string): string | undefined;
}

/** What sendWithDigest needs of a raw client (test-peers' rawSipClient fits). */
export interface RawClient<Response extends RawResponse> {
  send(target: Target, request: RawRequest): Promise<Response>;
}

/**
 * Sends `request`, answers the 401 with `credentials` (qop=auth, or an RFC 2069 answer without
 * qop when `qop` is false) and returns the final response and the Authorization header it used.
 */
export async function sendWithDigest<Response extends RawResponse>(
  client: RawClient<Response>,
  target: Target,
  request: RawRequest,
  credentials: { username: string; password: string },
  qop = true,
): Promise<{ response: Response; authorization: string }> {
  const challenged = await client.send(target, request);
  if (challenged.status !== 401) throw new Error(`expected 401, got ${challenged.status}`);
  const challenge = parseDigestHeader(challenged.header('WWW-Authenticate') ?? '');
  if (!challenge) throw new Error('401 without a Digest challenge');
  if (!qop) delete challenge.qop;
  const authorization = authorize(challenge, credentials, {
    method: request.method,
    uri: request.uri,
    body: Buffer.from(request.body ?? '', 'utf8'),
  });
  const response = await client.send(target, {
    ...request,
    cseq: (request.cseq ?? 1) + 1,
    headers: [...(request.headers ?? []), `Authorization: ${authorization}`],
  });
  return { response, authorization };
}

/** A REGISTER of `user` at `contact` (new Call-ID each time unless given). */
export function register(target: Target, user: string, contact: string, callId?: string): RawRequest {
  const aor = `<sip:${user}@${target.host}:${target.port}>`;
  return {
    method: 'REGISTER',
    uri: `sip:${target.host}:${target.port}`,
    from: `${aor};tag=${Math.random().toString(36).slice(2)}`,
    to: aor,
    ...(callId ? { callId } : {}),
    headers: [`Contact: <${contact}>`, 'Expires: 600'],
  };
}

/** A text/plain MESSAGE from `fromUser` to bob at the target. */
export function message(target: Target, fromUser: string, body: string, extra: string[] = []): RawRequest {
  return {
    method: 'MESSAGE',
    uri: `sip:bob@${target.host}:${target.port}`,
    from: `<sip:${fromUser}@${target.host}>;tag=${Math.random().toString(36).slice(2)}`,
    to: `<sip:bob@${target.host}:${target.port}>`,
    headers: ['Content-Type: text/plain', ...extra],
    body,
  };
}
