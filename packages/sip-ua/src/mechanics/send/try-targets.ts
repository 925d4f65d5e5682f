import { formatSipUri, getUriParam, type SendDeadline, type SipUri } from '@messagesend/core';
import { answerCacheOf, type CachedChallenge } from '../auth/answer-cache.js';
import type { DigestCredentials } from '../auth/digest.js';
import { LocateFailure, SipReason } from '../errors.js';
import { newBranch } from '../ids.js';
import {
  type ClientTransactionOutcome,
  runClientTransaction,
  type WriteListener,
} from '../transaction/client.js';
import { formatVia } from '../via.js';
import type { HeaderField } from '../wire/headers.js';
import type { Endpoint, IncomingResponse, OutgoingRequest } from '../wire/message.js';
import { printRequest } from '../wire/print.js';
import { answerChallenge, withCachedAnswer } from './auth-retry.js';
import { locateAtOnce, locateTargets, nextHop } from './locate-targets.js';
import type { SendOutcome, SendRequestOptions, StackContext } from './send-types.js';

/** Shared by every send without credentials: read, never changed. */
const NO_CREDENTIALS: readonly DigestCredentials[] = [];

/** RFC 3428 §6 / RFC 3261 §18.1.1: bigger requests must not go over UDP. */
export const UDP_SIZE_LIMIT = 1300;

/**
 * The send itself: the targets located (or given), each tried in turn (RFC 3263 §4.3: on to the
 * next after a timeout, a transport error, a 503 or a 408), a challenge answered on the same
 * target, within the one deadline; `dispatch` is told when the request is first written.
 */
export async function tryTargets(
  context: StackContext,
  request: OutgoingRequest,
  options: SendRequestOptions,
  deadline: SendDeadline,
  signal: AbortSignal | undefined,
  dispatch: WriteListener,
): Promise<SendOutcome> {
  // Helpers take what they need as arguments rather than closing over this frame: each closure
  // (and the context it keeps) was memory held by every send in flight.
  const progress = new SendProgress(dispatch);
  if (isAborted(context, signal)) return aborted(context, progress);

  // Parsed once, and not at all when the caller gave the targets (until a size check needs it).
  let hop: SipUri | string | undefined = options.target ? undefined : nextHop(request);
  // The caller's targets or an IP literal need no DNS: no wait, no listener, no extra turn.
  let located = locateAtOnce(context, hop, options);
  if (located === undefined) {
    hop ??= nextHop(request);
    located = await locateTargets(context, hop, options, deadline, signal);
    // Only a wait can have let an abort or the stack's close in since the check above.
    if (isAborted(context, signal)) return aborted(context, progress);
  }
  if (located === undefined)
    return { kind: 'timeout', detail: `no DNS answer for ${describeHop(hop!)} within the bound` };
  if (context.debug) {
    hop ??= nextHop(request);
    logLocation(context.debug, request, hop, located);
  }
  if (!located.ok) {
    const reason = located.reason === LocateFailure.NoTransport ? SipReason.NoTransport : SipReason.DnsFailed;
    return { kind: 'failed', reason, detail: located.detail };
  }

  const given = options.credentials;
  const credentials = given === undefined ? NO_CREDENTIALS : Array.isArray(given) ? given : [given];
  const maxAuth = options.maxAuthAttempts ?? 3;
  // Never changed in place: a challenge's answer makes a new array, so the builder's checked array
  // is printed as it is (no copy, and no second check of each header).
  let headers: readonly HeaderField[] = request.headers;
  let last: SendOutcome | undefined;
  const serverName = 'domain' in located ? located.domain : undefined;
  const timerF = 64 * context.timers.t1;

  const answers = answerCacheOf(context);
  // An index, not for-of: an iterator held across every await is one more object per send.
  for (let index = 0; index < located.targets.length; index++) {
    let target = located.targets[index]!;
    let authAttempts = 0;
    // The server's last challenge answered before it asks: one round trip instead of two.
    headers = withCachedAnswer(answers, target, request, headers, credentials);
    for (;;) {
      // Read once per attempt: the router's deadline reads the clock, and nothing below waits
      // before the transaction starts (runClientTransaction relies on this check).
      const remainingMs = deadline.remainingMs();
      if (remainingMs <= 0) {
        if (progress.everSent) return { kind: 'timeout', target, detail: 'overall send timeout' };
        return last ?? { kind: 'timeout', detail: 'the bound ended before the request could be written' };
      }
      let transport = context.transports.get(target.protocol);
      if (!transport) {
        last = {
          kind: 'failed',
          reason: SipReason.NoTransport,
          detail: `no ${target.protocol.toUpperCase()} transport for ${target.address}`,
          sent: progress.everSent,
        };
        break;
      }
      let branch = newBranch();
      let bytes = printRequest(
        request,
        formatVia(transport.bound.protocol, transport.bound.host, transport.bound.port, branch),
        headers,
      );
      if (target.protocol === 'udp' && bytes.length > UDP_SIZE_LIMIT) {
        const tcp = context.transports.get('tcp');
        hop ??= nextHop(request);
        const udpForced = forcesUdp(hop);
        if (udpForced || !tcp) {
          return {
            kind: 'failed',
            reason: SipReason.TooLargeForUdp,
            detail: `the request is ${bytes.length} bytes, over the ${UDP_SIZE_LIMIT}-byte UDP limit (RFC 3428), and ${udpForced ? 'the URI forces transport=udp' : 'no TCP transport is configured'}`,
            sent: progress.everSent,
          };
        }
        target = { ...target, protocol: 'tcp' };
        transport = tcp;
        branch = newBranch();
        bytes = printRequest(request, formatVia('tcp', tcp.bound.host, tcp.bound.port, branch), headers);
      }
      const result: ClientTransactionOutcome = await runClientTransaction({
        transport,
        target,
        bytes,
        timers: context.timers,
        // Timer F only where it can end first: with a next target to fail over to, or a longer deadline.
        timeoutMs: located.targets.length > 1 || remainingMs > timerF ? timerF : Number.POSITIVE_INFINITY,
        deadline,
        // Always present, undefined when unused: one object shape, and no spread of a temporary.
        serverName,
        signal,
        track: context.track,
        untrack: context.untrack,
        debug: context.debug,
        listen: context.listen,
        branch,
        method: request.method,
        written: progress,
      });
      if (isAborted(context, signal)) return aborted(context, progress);
      if (result.kind === 'timeout') {
        last = { kind: 'timeout', target, detail: `no final response from ${describe(target)}` };
        break; // fail over to the next target
      }
      if (result.kind === 'transport-error') {
        last = {
          kind: 'failed',
          reason: SipReason.TransportError,
          detail: `${describe(target)}: ${result.detail}`,
          sent: progress.everSent,
        };
        break; // RFC 3263 §4.3: a transport failure moves on to the next target
      }
      const { response } = result;
      // A response can be read before the write callback has run: it proves the request went out.
      progress.requestWritten(target, bytes.length);
      if (
        (response.status === 401 || response.status === 407) &&
        credentials.length > 0 &&
        authAttempts < maxAuth
      ) {
        const answered = answerOn(
          target,
          answers,
          response,
          request,
          headers,
          credentials,
          authAttempts > 0,
          context.debug,
        );
        if (answered) {
          headers = answered;
          authAttempts++;
          continue;
        }
        answers.forget(target); // refused: the next request starts without a cached answer
      }
      last = { kind: 'response', response, target };
      if (response.status === 503 || response.status === 408) break; // RFC 3263 §4.3: try the next target
      return last;
    }
  }
  return last ?? { kind: 'failed', reason: SipReason.TransportError, detail: 'no target could be tried' };
}

/**
 * answerChallenge, remembering the answer for `target`. Its callback is made here, not in
 * tryTargets: a closure there over the loop's `target` would give every attempt of every send a
 * context of its own.
 */
function answerOn(
  target: Endpoint,
  answers: ReturnType<typeof answerCacheOf>,
  response: IncomingResponse,
  request: OutgoingRequest,
  headers: readonly HeaderField[],
  credentials: readonly DigestCredentials[],
  alreadyAnswered: boolean,
  debug: StackContext['debug'],
): HeaderField[] | undefined {
  const remember = (entry: CachedChallenge): void => answers.remember(target, entry);
  return answerChallenge(response, request, headers, credentials, alreadyAnswered, remember, debug);
}

/** Whether a request of this send has been written, and the one call that says so first. */
class SendProgress implements WriteListener {
  everSent = false;

  constructor(private readonly dispatch: WriteListener) {}

  requestWritten(target: Endpoint, bytes: number): void {
    if (!this.everSent) this.dispatch.requestWritten(target, bytes);
    this.everSent = true;
  }
}

function isAborted(context: StackContext, signal: AbortSignal | undefined): boolean {
  return context.closeSignal.aborted || signal?.aborted === true;
}

function aborted(context: StackContext, progress: SendProgress): SendOutcome {
  const closed = context.closeSignal.aborted;
  return {
    kind: 'failed',
    reason: closed ? SipReason.StackClosed : SipReason.Aborted,
    detail: closed
      ? progress.everSent
        ? 'the request was sent, but the SIP stack closed before a final response'
        : 'the SIP stack closed before the request was sent'
      : 'aborted by the caller',
    sent: progress.everSent,
  };
}

function logLocation(
  debug: NonNullable<StackContext['debug']>,
  request: OutgoingRequest,
  hop: SipUri | string,
  located: NonNullable<Awaited<ReturnType<typeof locateTargets>>>,
): void {
  debug('sip location', {
    method: request.method,
    hop: describeHop(hop),
    ...(located.ok
      ? { targets: located.targets.map((t) => `${t.protocol}:${t.address}:${t.port}`) }
      : { failed: located.detail }),
  });
}

function describe(target: Endpoint): string {
  return `${target.protocol.toUpperCase()} ${target.address}:${target.port}`;
}

function forcesUdp(hop: SipUri | string): boolean {
  return typeof hop !== 'string' && getUriParam(hop, 'transport')?.toLowerCase() === 'udp';
}

function describeHop(hop: SipUri | string): string {
  return typeof hop === 'string' ? hop : formatSipUri(hop);
}
