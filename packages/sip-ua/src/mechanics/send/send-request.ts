import { createDeadline, type OwnedDeadline } from '@messagesend/core';
import { SipReason } from '../errors.js';
import type { WriteListener } from '../transaction/client.js';
import type { Endpoint, OutgoingRequest } from '../wire/message.js';
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
  const run = new SendRun(context, request, options, mapping, state, ended);
  return { dispatched: run.dispatched, outcome: run.outcome };
}

// The dispatch promise's resolve, taken by a shared executor: no executor closure per send.
let captured: ((value: never) => void) | undefined;
function captureResolve(resolve: (value: never) => void): void {
  captured = resolve;
}

/**
 * One send's bookkeeping as one object with methods, not closures over the send's variables: it
 * is held for as long as the send is in flight, thousands at once at a high window.
 */
class SendRun<D, O, S> implements WriteListener {
  readonly dispatched: Promise<D>;
  readonly outcome: Promise<O>;
  private readonly resolveDispatched: (value: D) => void;
  // The mapped dispatch names the mapped outcome's promise, which exists only once tryTargets()
  // has returned: a dispatch reported before that (no transport reports one synchronously, but
  // nothing here relies on it) waits for it.
  private early: Dispatch | undefined;
  private marked = false;
  private readonly owned: OwnedDeadline | undefined;
  private readonly started: number;

  constructor(
    private readonly context: StackContext,
    private readonly request: OutgoingRequest,
    options: SendRequestOptions,
    private readonly mapping: SendMapping<D, O, S>,
    private readonly state: S,
    private readonly ended: () => void,
  ) {
    this.dispatched = new Promise<D>(captureResolve);
    this.resolveDispatched = captured as (value: D) => void;
    captured = undefined;
    this.started = context.debug ? Date.now() : 0;
    this.owned = options.deadline ? undefined : createDeadline(options.timeoutMs ?? 64 * context.timers.t1);
    const deadline = options.deadline ?? this.owned!;
    // Shutdown reaches transactions through context.track; a listener per transaction on one shared
    // signal would be slow and trip Node's listener-leak warning under load.
    this.outcome = tryTargets(context, request, options, deadline, options.signal, this).then(
      (result) => this.settled(result),
      (error: unknown) =>
        // A bug in the send path: the send is over all the same, as a failure, not a rejection
        // nobody may be listening for.
        this.settled({
          kind: 'failed',
          reason: SipReason.TransportError,
          detail: `the send failed: ${error instanceof Error ? error.message : String(error)}`,
          sent: this.marked,
        }),
    );
    if (this.early) this.resolveDispatched(mapping.dispatched(this.early, this.outcome, state));
  }

  /** @internal tryTargets' call: the request was first written. */
  requestWritten(target: Endpoint, bytes: number): void {
    this.markDispatched({ ok: true, target, bytes });
  }

  private markDispatched(dispatch: Dispatch): void {
    if (this.marked) return;
    this.marked = true;
    // outcome is unset only while tryTargets() has not returned yet (see `early`).
    if ((this.outcome as Promise<O> | undefined) !== undefined)
      this.resolveDispatched(this.mapping.dispatched(dispatch, this.outcome, this.state));
    else this.early = dispatch;
  }

  private settled(result: SendOutcome): O {
    this.owned?.dispose();
    this.ended();
    if (this.context.debug) logSend(this.context.debug, this.request, result, this.started);
    // Settles `dispatched` for a request never written (a no-op once it was).
    if (result.kind === 'failed')
      this.markDispatched({ ok: false, reason: result.reason, detail: result.detail });
    else if (result.kind === 'timeout')
      this.markDispatched({ ok: false, reason: SipReason.Timeout, detail: result.detail });
    return this.mapping.outcome(result, this.state);
  }
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
