import {
  type DeadlineOwner,
  type SendDeadline,
  unwatchDeadline,
  watchDeadline,
  onAbort as whenAborted,
} from '@messagesend/core';
import type { Transport, TransportSendOptions } from '../transport/transport.js';
import type { Endpoint, IncomingResponse } from '../wire/message.js';
import type { PacedStart, PacingSlot, PacingTicket } from './pacing.js';
import type { SipTimers } from './timers.js';

export type ClientTransactionOutcome =
  | { kind: 'response'; response: IncomingResponse }
  | { kind: 'timeout' }
  | { kind: 'transport-error'; detail: string };

export interface ClientTransactionArgs {
  transport: Transport;
  target: Endpoint;
  bytes: Buffer;
  timers: SipTimers;
  /** Timer F (64*T1): the transaction's own bound, after which the next target is tried; Infinity for none (the deadline ends it). */
  timeoutMs: number;
  /** The send's one deadline: when it ends the transaction ends as a timeout at once. */
  deadline?: SendDeadline;
  /** TLS: the SIP domain the server certificate must name (RFC 5922). */
  serverName?: string | undefined;
  /**
   * Routes responses for `branch` and `method` to the listener until the returned function is
   * called; called with `lingerMs` (Timer K) the registry keeps only the key that long, to absorb
   * retransmissions. The stack's own function, shared: no closure per transaction.
   */
  listen(
    branch: string,
    method: string,
    onResponse: (response: IncomingResponse) => void,
  ): (lingerMs?: number) => void;
  branch: string;
  method: string;
  /** Told once, when the request has first been written to the OS (the socket's write callback). */
  written?: WriteListener;
  /** Aborting ends the transaction at once (caller abort). */
  signal?: AbortSignal;
  /** Registers a function that ends the transaction at once (stack shutdown), until untrack. */
  track?(cancel: () => void): void;
  untrack?(cancel: () => void): void;
  /** Given only when a logger listens: one line per retransmission. */
  debug?: ((message: string, fields: Record<string, unknown>) => void) | undefined;
}

/** Told when a request is first written: an object, so the send's state needs no closure per attempt. */
export interface WriteListener {
  requestWritten(target: Endpoint, bytes: number): void;
}

/** The send options of every UDP request without a TLS server name: read, never changed. */
const UDP_REQUEST: TransportSendOptions = Object.freeze({ request: true });

/** The reason `lifetime` aborts with: one shared value, so ending a transaction builds no Error. */
const TRANSACTION_ENDED = 'transaction ended';

// Completed (Timer K) lives on as the registry's key alone: see ClientTransactions.
type State = 'trying' | 'proceeding' | 'terminated';

/**
 * A non-INVITE client transaction (RFC 3261 §17.1.2). Timer E doubles up to T2 and, once a 1xx has
 * arrived, retransmits every T2; Timer F keeps running through Proceeding, so a peer that answers
 * 100 Trying and then nothing still ends in a timeout (the npm stack clears both timers on a 1xx
 * and never completes). Timer K absorbs retransmitted final responses on UDP: the registry keeps
 * only the key (see ClientTransactions), nothing of this transaction. On a transport with a pacer
 * the transaction first waits for a place in its destination's window, still bound by the deadline.
 */
export function runClientTransaction(args: ClientTransactionArgs): Promise<ClientTransactionOutcome> {
  const outcome = new Promise<ClientTransactionOutcome>(captureResolve);
  const resolve = captured!;
  captured = undefined;
  new ClientTransaction(args, resolve).start();
  return outcome;
}

// The promise's resolve, taken by a shared executor: no executor closure per transaction.
let captured: ((outcome: ClientTransactionOutcome) => void) | undefined;
function captureResolve(resolve: (outcome: ClientTransactionOutcome) => void): void {
  captured = resolve;
}

/**
 * One transaction's state as one object with methods, not a dozen closures over shared variables:
 * thousands are in flight at a high window, and each closure and its context was memory a
 * scavenge copied. The few callbacks other APIs need (a listener, a write's then()) are made once
 * per transaction, on first use.
 */
class ClientTransaction implements DeadlineOwner, PacedStart {
  private state: State = 'trying';
  private interval: number;
  private timerE: ReturnType<typeof setTimeout> | undefined;
  private timerF: ReturnType<typeof setTimeout> | undefined;
  private sentOnce = false;
  private retransmitted = false;
  private attempt = 1;
  private slot: PacingSlot | undefined;
  private ticket: PacingTicket | undefined;
  /**
   * Reliable transports only: ends with the transaction, so the transport stops watching the
   * connection for this request. Made on first use: over UDP a transaction allocates none, and
   * an AbortController's abort() builds a DOMException with a stack (measurable per send).
   */
  private lifetime: AbortController | undefined;
  /** Made once per transaction, not per (re)transmission; UDP without TLS shares one constant. */
  private sendOptions: TransportSendOptions | undefined;
  /** Set when the transaction starts (after pacing): nothing is listened for before it is sent. */
  private stopListening: ((lingerMs?: number) => void) | undefined;
  private watchingDeadline = false;
  private stopWaitingOnSignal: (() => void) | undefined;
  /** What stack shutdown and the caller's abort call; made once, and only when one of them is there. */
  private cancelled: (() => void) | undefined;
  private written: (() => void) | undefined;
  private writeFailed: ((error: Error) => void) | undefined;

  constructor(
    private readonly args: ClientTransactionArgs,
    private readonly resolve: (outcome: ClientTransactionOutcome) => void,
  ) {
    this.interval = args.timers.t1;
  }

  start(): void {
    const { signal, deadline, transport, target } = this.args;
    if (signal?.aborted) {
      this.cancel();
      return;
    }
    if (deadline && deadline.remainingMs() <= 0) {
      this.onDeadlineEnd();
      return;
    }
    // One callback for both ways the caller's side cuts it short (stack shutdown, caller abort).
    if (this.args.track || signal) {
      const cancel = (): void => this.cancel();
      this.cancelled = cancel;
      this.args.track?.(cancel);
      // Through core's onAbort: sends sharing a caller's signal share one listener on it.
      this.stopWaitingOnSignal = whenAborted(signal, cancel);
    }
    // The transaction itself watches the deadline: no AbortController, closure or removal per send.
    if (deadline) {
      watchDeadline(deadline, this);
      this.watchingDeadline = true;
    }
    if (transport.pacer) this.ticket = transport.pacer.request(`${target.address}|${target.port}`, this);
    else this.begin(undefined);
  }

  private active(): boolean {
    return this.state === 'trying' || this.state === 'proceeding';
  }

  /** @internal The pacer's call: a place in the window is granted (see Pacer.request). */
  begin(granted: PacingSlot | undefined): void {
    this.slot = granted;
    const { args } = this;
    this.stopListening = args.listen(args.branch, args.method, (response) => this.onResponse(response));
    // Infinity: the caller's deadline ends first anyway, so no second timer for the same bound.
    if (Number.isFinite(args.timeoutMs)) this.timerF = setTimeout(timerFired, args.timeoutMs, this);
    this.send();
    this.scheduleRetransmit();
  }

  private onResponse(response: IncomingResponse): void {
    if (!this.active()) return; // a retransmitted final response: absorbed
    if (response.status < 200) {
      if (this.state === 'trying') {
        this.state = 'proceeding';
        this.interval = this.args.timers.t2;
      }
      return;
    }
    this.end({ kind: 'response', response }, this.args.transport.reliable ? 0 : this.args.timers.t4);
  }

  private cancel(): void {
    if (this.active()) this.end({ kind: 'transport-error', detail: 'aborted' }, 0);
  }

  /** @internal The deadline's call (see watchDeadline), and Timer F's: either ends it as a timeout. */
  onDeadlineEnd(): void {
    if (this.active()) this.end(TIMED_OUT, 0);
  }

  /** Settles the outcome; the key stays absorbing for `lingerMs` (Timer K). */
  private end(outcome: ClientTransactionOutcome, lingerMs: number): void {
    this.state = 'terminated';
    clearTimeout(this.timerE);
    clearTimeout(this.timerF);
    this.stopWaitingOnSignal?.();
    if (this.watchingDeadline) unwatchDeadline(this.args.deadline!, this);
    this.lifetime?.abort(TRANSACTION_ENDED);
    if (this.cancelled) this.args.untrack?.(this.cancelled);
    this.ticket?.withdraw();
    this.slot?.release(outcome.kind === 'response' && !this.retransmitted);
    // Timer K: the registry absorbs retransmitted responses by key; this transaction is released.
    this.stopListening?.(lingerMs);
    this.resolve(outcome);
  }

  private markSent(): void {
    if (this.sentOnce) return;
    this.sentOnce = true;
    this.args.written?.requestWritten(this.args.target, this.args.bytes.length);
  }

  private optionsForSend(): TransportSendOptions {
    if (this.sendOptions) return this.sendOptions;
    const { transport, serverName } = this.args;
    if (!transport.reliable && !serverName) this.sendOptions = UDP_REQUEST;
    else {
      const options: TransportSendOptions = { request: true };
      if (serverName) options.serverName = serverName;
      if (transport.reliable) {
        // A reset or close of the connection carrying the request ends it now, not at Timer F.
        options.onLost = (detail) => {
          if (this.active()) this.end({ kind: 'transport-error', detail }, 0);
        };
        this.lifetime ??= new AbortController();
        options.until = this.lifetime.signal;
      }
      this.sendOptions = options;
    }
    return this.sendOptions;
  }

  private send(): void {
    // Sent means written to the OS (dgram send callback, stream write callback): a socket closed
    // before that would discard the bytes, so nothing counts as sent earlier.
    this.written ??= () => this.markSent();
    this.writeFailed ??= (error: Error) => {
      if (this.active()) this.end({ kind: 'transport-error', detail: error.message }, 0);
    };
    this.args.transport
      .send(this.args.target, this.args.bytes, this.optionsForSend())
      .then(this.written, this.writeFailed);
  }

  private scheduleRetransmit(): void {
    if (this.args.transport.reliable) return;
    this.timerE = setTimeout(retransmitTimerFired, this.interval, this);
  }

  /** @internal Timer E (see retransmitTimerFired). */
  retransmit(): void {
    if (!this.active()) return;
    const { args } = this;
    this.retransmitted = true;
    this.attempt++;
    this.slot?.retransmitted();
    if (args.debug) logRetransmit(args.debug, args.bytes, args.target, this.attempt, this.interval);
    this.send();
    this.interval =
      this.state === 'proceeding' ? args.timers.t2 : Math.min(this.interval * 2, args.timers.t2);
    this.scheduleRetransmit();
  }
}

/** The timers' callbacks, given the transaction as their argument: no closure per timer. */
function retransmitTimerFired(transaction: ClientTransaction): void {
  transaction.retransmit();
}
function timerFired(transaction: ClientTransaction): void {
  transaction.onDeadlineEnd();
}

const TIMED_OUT: ClientTransactionOutcome = Object.freeze({ kind: 'timeout' });

/** Read from the bytes only when a logger listens: the no-logger path parses nothing. */
function logRetransmit(
  debug: NonNullable<ClientTransactionArgs['debug']>,
  bytes: Buffer,
  target: Endpoint,
  attempt: number,
  intervalMs: number,
): void {
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 2048));
  debug('sip retransmit', {
    method: head.slice(0, head.indexOf(' ')),
    callId: /\r\n(?:Call-ID|i)\s*:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim(),
    branch: /;branch=([^;,\s]+)/i.exec(head)?.[1],
    target: `${target.protocol} ${target.address}:${target.port}`,
    attempt,
    intervalMs,
  });
}
