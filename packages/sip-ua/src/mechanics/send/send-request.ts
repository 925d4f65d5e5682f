import { createDeadline } from '@messagesend/core';
import { SipReason } from '../errors.js';
import type { OutgoingRequest } from '../wire/message.js';
import type {
  Dispatch,
  MappedSend,
  SendMapping,
  SendOutcome,
  SendRequestOptions,
  StackContext,
} from './send-types.js';
import { tryTargets } from './try-targets.js';

/** The unmapped send: SipStack.send's dispatch and outcome as they are. */
export const UNMAPPED: SendMapping<Dispatch, SendOutcome, undefined> = {
  dispatched: (dispatch) => dispatch,
  outcome: (outcome) => outcome,
};

/**
 * Starts a send and tracks its dispatch: `dispatched` settles once the request is first written
 * (or, for a request never written, with the reason), `outcome` with the final result, each as
 * `mapping` makes it. `ended` is called once the send is over (before its outcome settles), so
 * the stack counts sends in flight without a then() of its own on each.
 */
export function sendRequest<D, O, S>(
  context: StackContext,
  request: OutgoingRequest,
  options: SendRequestOptions,
  mapping: SendMapping<D, O, S>,
  state: S,
  ended: () => void,
): MappedSend<D, O> {
  let resolveDispatched!: (value: D) => void;
  const dispatched = new Promise<D>((resolve) => (resolveDispatched = resolve));
  // The mapped dispatch names the mapped outcome's promise, which exists only once tryTargets()
  // has returned: a dispatch reported before that (no transport reports one synchronously, but
  // nothing here relies on it) waits for it.
  let outcome: Promise<O> | undefined;
  let early: Dispatch | undefined;
  let marked = false;
  const markDispatched = (dispatch: Dispatch): void => {
    if (marked) return;
    marked = true;
    if (outcome) resolveDispatched(mapping.dispatched(dispatch, outcome, state));
    else early = dispatch;
  };
  // Shutdown reaches transactions through context.track; a listener per transaction on one shared
  // signal would be slow and trip Node's listener-leak warning under load.
  const signal = options.signal;
  const started = context.debug ? Date.now() : 0;
  const owned = options.deadline ? undefined : createDeadline(options.timeoutMs ?? 64 * context.timers.t1);
  const deadline = options.deadline ?? owned!;
  const settled = (result: SendOutcome): O => {
    owned?.dispose();
    ended();
    if (context.debug) logSend(context.debug, request, result, started);
    // Settles `dispatched` for a request never written (a no-op once it was).
    if (result.kind === 'failed') markDispatched({ ok: false, reason: result.reason, detail: result.detail });
    else if (result.kind === 'timeout')
      markDispatched({ ok: false, reason: SipReason.Timeout, detail: result.detail });
    return mapping.outcome(result, state);
  };
  outcome = tryTargets(context, request, options, deadline, signal, (target, bytes) =>
    markDispatched({ ok: true, target, bytes }),
  ).then(settled, (error: unknown) =>
    // A bug in the send path: the send is over all the same, as a failure, not a rejection
    // nobody may be listening for.
    settled({
      kind: 'failed',
      reason: SipReason.TransportError,
      detail: `the send failed: ${error instanceof Error ? error.message : String(error)}`,
      sent: marked,
    }),
  );
  if (early) resolveDispatched(mapping.dispatched(early, outcome, state));
  return { dispatched, outcome };
}

/** One debug line per send: what was sent, where it went, how it ended (no body, no credentials). */
function logSend(
  debug: NonNullable<StackContext['debug']>,
  request: OutgoingRequest,
  result: SendOutcome,
  started: number,
): void {
  const callId = request.headers.find((header) => header.name.toLowerCase() === 'call-id')?.value;
  debug('sip send', {
    method: request.method,
    requestUri: request.uri,
    callId,
    outcome: result.kind,
    ...('response' in result && result.response ? { status: result.response.status } : {}),
    ...('reason' in result && result.reason ? { reason: result.reason } : {}),
    ...('target' in result && result.target
      ? { target: `${result.target.protocol}:${result.target.address}:${result.target.port}` }
      : {}),
    elapsedMs: Date.now() - started,
  });
}
