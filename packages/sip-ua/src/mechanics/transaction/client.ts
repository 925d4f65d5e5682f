import {
  type CallbackNode,
  type SendDeadline,
  onAbort as whenAborted,
  whenDeadlineEnds,
} from '@messagesend/core';
import type { Transport, TransportSendOptions } from '../transport/transport.js';
import type { Endpoint, IncomingResponse } from '../wire/message.js';
import type { Listening } from './client-registry.js';
import type { PacingSlot, PacingTicket } from './pacing.js';
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
  /**
   * The send's one deadline: when it ends the transaction ends as a timeout at once. The caller
   * checks, in the same turn, that it has not already passed.
   */
  deadline?: SendDeadline;
  /** TLS: the SIP domain the server certificate must name (RFC 5922). */
  serverName?: string | undefined;
  /**
   * Routes responses for `branch` and `method` to the listener until the returned entry is
   * stopped; stopped with `lingerMs` (Timer K) the registry keeps only the key that long, to
   * absorb retransmissions. The stack's own function, shared: no closure per transaction.
   */
  listen(branch: string, method: string, onResponse: (response: IncomingResponse) => void): Listening;
  branch: string;
  method: string;
  /** Told once, when the request has first been written to the OS (the socket's write callback). */
  written?: WriteListener;
  /** Aborting ends the transaction at once (caller abort). */
  signal?: AbortSignal;
  /** Registers a function that ends the transaction at once (stack shutdown), until untrack. */
  track?(cancel: () => void): CallbackNode;
  untrack?(tracked: CallbackNode): void;
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
 * only the key (see ClientTransactions), nothing of this closure. On a transport with a pacer the
 * transaction first waits for a place in its destination's window, still bound by the deadline.
 *
 * Closures over one frame, on purpose: the same state as a class with methods held 1 KB less per
 * transaction in flight, but made a process sending at concurrency 8 carry twice the garbage
 * past each scavenge (heap 36 against 14 MB at the end of 10,000 sends, RSS 110 against 69 MB,
 * 10-20 µs more CPU per message); why was not found (nothing held it in a heap snapshot).
 */
export function runClientTransaction(args: ClientTransactionArgs): Promise<ClientTransactionOutcome> {
  const { transport, target, bytes, timers, signal, deadline } = args;
  return new Promise((resolve) => {
    // Reliable transports only: ends with the transaction, so the transport stops watching the
    // connection for this request. Made on first use: over UDP a transaction allocates none, and
    // an AbortController's abort() builds a DOMException with a stack (measurable per send).
    let lifetime: AbortController | undefined;
    let state: State = 'trying';
    let interval = timers.t1;
    let timerE: ReturnType<typeof setTimeout> | undefined;
    let timerF: ReturnType<typeof setTimeout> | undefined;
    let sentOnce = false;
    let retransmitted = false;
    let attempt = 1;
    let slot: PacingSlot | undefined;
    let ticket: PacingTicket | undefined;
    const active = (): boolean => state === 'trying' || state === 'proceeding';

    const onResponse = (response: IncomingResponse): void => {
      if (!active()) return; // a retransmitted final response: absorbed
      if (response.status < 200) {
        if (state === 'trying') {
          state = 'proceeding';
          interval = timers.t2;
        }
        return;
      }
      end({ kind: 'response', response }, transport.reliable ? 0 : timers.t4);
    };
    // Set when the transaction starts (after pacing): nothing is listened for before it is sent.
    let listening: Listening | undefined;
    const onAbort = (): void => {
      if (active()) end({ kind: 'transport-error', detail: 'aborted' }, 0);
    };
    const tracked = args.track?.(onAbort);
    const onDeadline = (): void => {
      if (active()) end({ kind: 'timeout' }, 0);
    };
    let stopWaitingOnDeadline: (() => void) | undefined;
    let stopWaitingOnSignal: (() => void) | undefined;

    /** Settles the outcome; the key stays absorbing for `lingerMs` (Timer K). */
    function end(outcome: ClientTransactionOutcome, lingerMs: number): void {
      state = 'terminated';
      clearTimeout(timerE);
      clearTimeout(timerF);
      stopWaitingOnSignal?.();
      stopWaitingOnDeadline?.();
      lifetime?.abort(TRANSACTION_ENDED);
      if (tracked) args.untrack?.(tracked);
      ticket?.withdraw();
      slot?.release(outcome.kind === 'response' && !retransmitted);
      // Timer K: the registry absorbs retransmitted responses by key; this closure is released.
      listening?.stop(lingerMs);
      resolve(outcome);
    }

    function markSent(): void {
      if (sentOnce) return;
      sentOnce = true;
      args.written?.requestWritten(target, bytes.length);
    }

    /** A reset or close of the connection carrying the request ends it now, not at Timer F. */
    const onLost = (detail: string): void => {
      if (active()) end({ kind: 'transport-error', detail }, 0);
    };

    function lifetimeSignal(): AbortSignal {
      lifetime ??= new AbortController();
      return lifetime.signal;
    }

    // Made once per transaction, not per (re)transmission; UDP without TLS shares one constant.
    let sendOptions: TransportSendOptions | undefined;
    const optionsForSend = (): TransportSendOptions => {
      if (sendOptions) return sendOptions;
      if (!transport.reliable && !args.serverName) sendOptions = UDP_REQUEST;
      else {
        sendOptions = { request: true };
        if (args.serverName) sendOptions.serverName = args.serverName;
        if (transport.reliable) {
          sendOptions.onLost = onLost;
          sendOptions.until = lifetimeSignal();
        }
      }
      return sendOptions;
    };

    function send(): void {
      // Sent means written to the OS (dgram send callback, stream write callback): a socket closed
      // before that would discard the bytes, so nothing counts as sent earlier.
      transport.send(target, bytes, optionsForSend()).then(
        () => markSent(),
        (error: Error) => {
          if (active()) end({ kind: 'transport-error', detail: error.message }, 0);
        },
      );
    }

    function scheduleRetransmit(): void {
      if (transport.reliable) return;
      timerE = setTimeout(() => {
        if (!active()) return;
        retransmitted = true;
        attempt++;
        slot?.retransmitted();
        if (args.debug) logRetransmit(args.debug, bytes, target, attempt, interval);
        send();
        interval = state === 'proceeding' ? timers.t2 : Math.min(interval * 2, timers.t2);
        scheduleRetransmit();
      }, interval);
    }

    if (signal?.aborted) return onAbort();
    // A deadline already past is the caller's check, made in this same turn (tryTargets).
    // Through core's onAbort: sends sharing a caller's signal share one listener on it.
    stopWaitingOnSignal = whenAborted(signal, onAbort);
    // A callback on the deadline, not a listener on its signal: no AbortController per send.
    stopWaitingOnDeadline = deadline ? whenDeadlineEnds(deadline, onDeadline) : undefined;
    const begin = (granted?: PacingSlot): void => {
      slot = granted;
      listening = args.listen(args.branch, args.method, onResponse);
      // Infinity: the caller's deadline ends first anyway, so no second timer for the same bound.
      if (Number.isFinite(args.timeoutMs))
        timerF = setTimeout(() => {
          if (active()) end({ kind: 'timeout' }, 0);
        }, args.timeoutMs);
      send();
      scheduleRetransmit();
    };
    const destination = `${target.address}|${target.port}`;
    if (transport.pacer) ticket = transport.pacer.request(destination, begin);
    else begin();
  });
}

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
