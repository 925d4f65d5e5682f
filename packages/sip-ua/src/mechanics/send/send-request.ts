import { createDeadline, getUriParam, parseSipUri, type SendDeadline } from '@messagesend/core';
import { parseDigestHeader } from '../auth/challenge.js';
import { authorize, chooseChallenge, type DigestCredentials } from '../auth/digest.js';
import { type DnsResolver, locate } from '../dns/locate.js';
import { SipReason } from '../errors.js';
import { newBranch } from '../ids.js';
import { type ClientTransactionOutcome, runClientTransaction } from '../transaction/client.js';
import type { SipTimers } from '../transaction/timers.js';
import type { Transport } from '../transport/transport.js';
import { formatVia } from '../via.js';
import { findHeader, findHeaders, type HeaderField } from '../wire/headers.js';
import type { Endpoint, IncomingResponse, OutgoingRequest, TransportProtocol } from '../wire/message.js';
import { printRequest } from '../wire/print.js';

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
  /** Bound for the whole send: DNS, every target, every challenge (default 64×T1 = 32 s). */
  timeoutMs?: number;
  /** The send's one deadline, shared with the caller (the router's); when given, `timeoutMs` is not used. */
  deadline?: SendDeadline;
  signal?: AbortSignal;
}

export type SendOutcome =
  | { kind: 'response'; response: IncomingResponse; target: Endpoint }
  | { kind: 'timeout'; target?: Endpoint; detail: string }
  | {
      kind: 'failed';
      reason: (typeof SipReason)[keyof typeof SipReason];
      detail: string;
      /** True when the request had been written to a transport before it failed. */
      sent?: boolean;
    };

/** Whether the request was written to a transport (the OS took the bytes): SUCCESS. */
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
  const owned = options.deadline ? undefined : createDeadline(options.timeoutMs ?? 64 * context.timers.t1);
  const deadline = options.deadline ?? owned!;
  const outcome = run(context, request, options, deadline, signal, (target, bytes) =>
    markDispatched({ ok: true, target, bytes }),
  ).then((result) => {
    owned?.dispose();
    // Settles `dispatched` for a request never written (a no-op once it was).
    if (result.kind === 'failed') markDispatched({ ok: false, reason: result.reason, detail: result.detail });
    else if (result.kind === 'timeout')
      markDispatched({ ok: false, reason: SipReason.Timeout, detail: result.detail });
    return result;
  });
  return { dispatched, outcome };
}

async function run(
  context: StackContext,
  request: OutgoingRequest,
  options: SendRequestOptions,
  deadline: SendDeadline,
  signal: AbortSignal | undefined,
  onDispatched: (target: Endpoint, bytes: number) => void,
): Promise<SendOutcome> {
  let everSent = false;
  const isAborted = (): boolean => context.closeSignal.aborted || signal?.aborted === true;
  const aborted = (): SendOutcome => ({
    kind: 'failed',
    reason: context.closeSignal.aborted ? SipReason.StackClosed : SipReason.Aborted,
    detail: context.closeSignal.aborted
      ? everSent
        ? 'the request was sent, but the SIP stack closed before a final response'
        : 'the SIP stack closed before the request was sent'
      : 'aborted by the caller',
    sent: everSent,
  });
  if (isAborted()) return aborted();

  const routeUri = firstRouteUri(request.headers) ?? request.uri;
  const located = options.target
    ? { ok: true as const, targets: Array.isArray(options.target) ? options.target : [options.target] }
    : await untilAborted(
        locate(routeUri, {
          protocols: options.protocol
            ? [options.protocol].filter((p) => context.transports.has(p))
            : [...context.transports.keys()],
          resolver: context.resolver,
        }),
        [signal, deadline.signal],
        context.track,
      );
  if (isAborted()) return aborted();
  if (located === undefined)
    return { kind: 'timeout', detail: `no DNS answer for ${routeUri} within the bound` };
  if (!located.ok) {
    const reason = located.reason === 'no-transport' ? SipReason.NoTransport : SipReason.DnsFailed;
    return { kind: 'failed', reason, detail: located.detail };
  }

  const credentials = options.credentials === undefined ? [] : [options.credentials].flat();
  const maxAuth = options.maxAuthAttempts ?? 3;
  let headers = [...request.headers];
  let last: SendOutcome | undefined;
  const serverName = 'domain' in located ? located.domain : undefined;

  for (const original of located.targets) {
    let target = original;
    let authAttempts = 0;
    for (;;) {
      if (deadline.remainingMs() <= 0) {
        if (everSent) return { kind: 'timeout', target, detail: 'overall send timeout' };
        return last ?? { kind: 'timeout', detail: 'the bound ended before the request could be written' };
      }
      let transport = context.transports.get(target.protocol);
      if (!transport) {
        last = {
          kind: 'failed',
          reason: SipReason.NoTransport,
          detail: `no ${target.protocol.toUpperCase()} transport for ${target.address}`,
          sent: everSent,
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
            sent: everSent,
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
        timeoutMs: 64 * context.timers.t1,
        deadline: deadline.signal,
        ...(serverName ? { serverName } : {}),
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
          sent: everSent,
        };
        break; // RFC 3263 §4.3: a transport failure moves on to the next target
      }
      const { response } = result;
      if (!everSent) {
        // A response can be read before the write callback has run: it proves the request went out.
        everSent = true;
        onDispatched(target, bytes.length);
      }
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
  return last ?? { kind: 'failed', reason: SipReason.TransportError, detail: 'no target could be tried' };
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

/**
 * `pending`'s value, or undefined as soon as one of `signals` aborts or the stack cancels it
 * through `track` (DNS takes no signal). Shutdown goes through `track`, not a listener on the
 * stack's one shared signal, which thousands of sends would overload.
 */
function untilAborted<T>(
  pending: Promise<T>,
  signals: (AbortSignal | undefined)[],
  track: StackContext['track'],
): Promise<T | undefined> {
  const live = signals.filter((signal) => signal !== undefined);
  if (live.some((signal) => signal.aborted)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const stop = (): void => finish(undefined);
    const untrack = track(stop);
    const finish = (value: T | undefined): void => {
      untrack();
      for (const signal of live) signal.removeEventListener('abort', stop);
      resolve(value);
    };
    for (const signal of live) signal.addEventListener('abort', stop, { once: true });
    pending.then(finish, () => finish(undefined));
  });
}
