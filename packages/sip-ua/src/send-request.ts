import { getUriParam, parseSipUri } from '@messagesend/core';
import { parseDigestHeader } from './auth/challenge.js';
import { authorize, chooseChallenge, type DigestCredentials } from './auth/digest.js';
import { type DnsResolver, locate } from './dns/locate.js';
import { SipReason } from './errors.js';
import { newBranch } from './ids.js';
import { type ClientTransactionOutcome, runClientTransaction } from './transaction/client.js';
import type { SipTimers } from './transaction/timers.js';
import type { Transport } from './transport/transport.js';
import { formatVia } from './via.js';
import { findHeader, findHeaders, type HeaderField } from './wire/headers.js';
import type { Endpoint, IncomingResponse, OutgoingRequest, TransportProtocol } from './wire/message.js';
import { printRequest } from './wire/print.js';

/** RFC 3428 §6 / RFC 3261 §18.1.1: bigger requests must not go over UDP. */
export const UDP_SIZE_LIMIT = 1300;

export interface SendRequestOptions {
  /** Send here instead of locating the Request-URI (or first Route) with DNS. */
  target?: Endpoint | Endpoint[];
  /** Use only this transport protocol (an endpoint's configured transport). */
  protocol?: TransportProtocol;
  /** Answer 401/407 challenges with these. */
  credentials?: DigestCredentials | DigestCredentials[];
  /** Challenges answered at most this many times in a row (default 3). */
  maxAuthAttempts?: number;
  /** Bound for the whole send: DNS, every target, every challenge (default 32 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type SendOutcome =
  | { kind: 'response'; response: IncomingResponse; target: Endpoint }
  | { kind: 'timeout'; target?: Endpoint; detail: string }
  | { kind: 'failed'; reason: (typeof SipReason)[keyof typeof SipReason]; detail: string };

/** Whether the request was handed to a transport (SUCCESS in Asterisk's sense). */
export type Dispatch =
  | { ok: true; target: Endpoint; bytes: number }
  | { ok: false; reason: (typeof SipReason)[keyof typeof SipReason]; detail: string };

export interface SendHandle {
  dispatched: Promise<Dispatch>;
  outcome: Promise<SendOutcome>;
}

export interface StackContext {
  transports: Map<TransportProtocol, Transport>;
  timers: SipTimers;
  resolver?: DnsResolver;
  /** Aborted when the stack closes. */
  closeSignal: AbortSignal;
  /** Keeps a transaction's cancel function until it ends, so close() can settle it. */
  track(cancel: () => void): () => void;
  listen(branch: string, method: string, onResponse: (response: IncomingResponse) => void): () => void;
}

export function sendRequest(
  context: StackContext,
  request: OutgoingRequest,
  options: SendRequestOptions,
): SendHandle {
  let markDispatched!: (dispatch: Dispatch) => void;
  const dispatched = new Promise<Dispatch>((resolve) => (markDispatched = resolve));
  // Shutdown reaches transactions through context.track; a listener per transaction on one shared
  // signal would be slow and trip Node's listener-leak warning under load.
  const signal = options.signal;
  const outcome = run(context, request, options, signal, (target, bytes) =>
    markDispatched({ ok: true, target, bytes }),
  ).then((result) => {
    if (result.kind === 'failed') markDispatched({ ok: false, reason: result.reason, detail: result.detail });
    else if (result.kind === 'timeout' && !result.target)
      markDispatched({ ok: false, reason: SipReason.Timeout, detail: result.detail });
    return result;
  });
  return { dispatched, outcome };
}

async function run(
  context: StackContext,
  request: OutgoingRequest,
  options: SendRequestOptions,
  signal: AbortSignal | undefined,
  onDispatched: (target: Endpoint, bytes: number) => void,
): Promise<SendOutcome> {
  const deadline = performance.now() + (options.timeoutMs ?? 64 * context.timers.t1);
  const isAborted = (): boolean => context.closeSignal.aborted || signal?.aborted === true;
  const aborted = (): SendOutcome => ({
    kind: 'failed',
    reason: context.closeSignal.aborted ? SipReason.StackClosed : SipReason.Aborted,
    detail: context.closeSignal.aborted ? 'the SIP stack was closed' : 'aborted by the caller',
  });
  if (isAborted()) return aborted();

  const routeUri = firstRouteUri(request.headers) ?? request.uri;
  const located = options.target
    ? { ok: true as const, targets: Array.isArray(options.target) ? options.target : [options.target] }
    : await locate(routeUri, {
        protocols: options.protocol
          ? [options.protocol].filter((p) => context.transports.has(p))
          : [...context.transports.keys()],
        resolver: context.resolver,
      });
  if (isAborted()) return aborted();
  if (!located.ok) {
    const reason = located.reason === 'no-transport' ? SipReason.NoTransport : SipReason.DnsFailed;
    return { kind: 'failed', reason, detail: located.detail };
  }

  const credentials = options.credentials === undefined ? [] : [options.credentials].flat();
  const maxAuth = options.maxAuthAttempts ?? 3;
  let headers = [...request.headers];
  let last: SendOutcome = {
    kind: 'failed',
    reason: SipReason.TransportError,
    detail: 'no target could be tried',
  };
  let everSent = false;

  for (const original of located.targets) {
    let target = original;
    let authAttempts = 0;
    for (;;) {
      const remaining = deadline - performance.now();
      if (remaining <= 0)
        return everSent ? { kind: 'timeout', target, detail: 'overall send timeout' } : last;
      let transport = context.transports.get(target.protocol);
      if (!transport) {
        last = {
          kind: 'failed',
          reason: SipReason.NoTransport,
          detail: `no ${target.protocol.toUpperCase()} transport for ${target.address}`,
        };
        break;
      }
      let branch = newBranch();
      let bytes = printRequest(
        { ...request, headers },
        formatVia(transport.bound.protocol, transport.bound.host, transport.bound.port, branch),
      );
      if (target.protocol === 'udp' && bytes.length > UDP_SIZE_LIMIT) {
        const tcp = context.transports.get('tcp');
        const udpForced = getUriParamOf(routeUri, 'transport') === 'udp';
        if (udpForced || !tcp) {
          return {
            kind: 'failed',
            reason: SipReason.TooLargeForUdp,
            detail: `the request is ${bytes.length} bytes, over the ${UDP_SIZE_LIMIT}-byte UDP limit (RFC 3428), and ${udpForced ? 'the URI forces transport=udp' : 'no TCP transport is configured'}`,
          };
        }
        target = { ...target, protocol: 'tcp' };
        transport = tcp;
        branch = newBranch();
        bytes = printRequest(
          { ...request, headers },
          formatVia('tcp', tcp.bound.host, tcp.bound.port, branch),
        );
      }
      const result: ClientTransactionOutcome = await runClientTransaction({
        transport,
        target,
        bytes,
        timers: context.timers,
        timeoutMs: Math.min(64 * context.timers.t1, remaining),
        signal,
        track: context.track,
        listen: (onResponse) => context.listen(branch, request.method, onResponse),
        onSent: () => {
          if (!everSent) onDispatched(target, bytes.length);
          everSent = true;
        },
      });
      if (isAborted()) return aborted();
      if (result.kind === 'timeout') {
        last = { kind: 'timeout', target, detail: `no final response from ${describe(target)}` };
        break; // fail over to the next target
      }
      if (result.kind === 'transport-error') {
        last = {
          kind: 'failed',
          reason: SipReason.TransportError,
          detail: `${describe(target)}: ${result.detail}`,
        };
        break;
      }
      const { response } = result;
      if (
        (response.status === 401 || response.status === 407) &&
        credentials.length > 0 &&
        authAttempts < maxAuth
      ) {
        const answered = answerChallenge(response, request, headers, credentials, authAttempts > 0);
        if (answered) {
          headers = answered;
          authAttempts++;
          continue;
        }
      }
      last = { kind: 'response', response, target };
      if (response.status === 503 || response.status === 408) break; // RFC 3263 §4.3: try the next target
      return last;
    }
  }
  return last;
}

/** New headers carrying credentials for the challenge in `response`, with CSeq bumped; undefined to give up. */
function answerChallenge(
  response: IncomingResponse,
  request: OutgoingRequest,
  headers: HeaderField[],
  credentials: DigestCredentials[],
  alreadyAnswered: boolean,
): HeaderField[] | undefined {
  const proxy = response.status === 407;
  const challenges = findHeaders(response.headers, proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate')
    .map(parseDigestHeader)
    .filter((c) => c !== undefined);
  const challenge = chooseChallenge(challenges);
  if (!challenge) return undefined;
  // A second challenge that is not "stale" means the credentials were refused: stop.
  if (alreadyAnswered && challenge.stale?.toLowerCase() !== 'true') return undefined;
  const chosen = credentials.find((c) => c.realm === undefined || c.realm === challenge.realm);
  if (!chosen) return undefined;
  const header = proxy ? 'Proxy-Authorization' : 'Authorization';
  const value = authorize(challenge, chosen, {
    method: request.method,
    uri: request.uri,
    body: Buffer.from(request.body, 'utf8'),
  });
  const kept = headers.filter((h) => h.name.toLowerCase() !== header.toLowerCase());
  return bumpCSeq([...kept, { name: header, value }]);
}

function bumpCSeq(headers: HeaderField[]): HeaderField[] {
  return headers.map((h) => {
    if (h.name.toLowerCase() !== 'cseq') return h;
    const match = /^(\d+)\s+(\S+)$/.exec(h.value.trim());
    return match ? { name: h.name, value: `${Number(match[1]) + 1} ${match[2]}` } : h;
  });
}

function firstRouteUri(headers: HeaderField[]): string | undefined {
  const route = findHeader(headers, 'route');
  const match = route ? /<([^>]+)>/.exec(route) : undefined;
  return match?.[1];
}

function getUriParamOf(uri: string, name: string): string | undefined {
  const parsed = parseSipUri(uri);
  const value = parsed.ok ? getUriParam(parsed.value, name) : undefined;
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

function describe(target: Endpoint): string {
  return `${target.protocol.toUpperCase()} ${target.address}:${target.port}`;
}
