import type { Transport } from '../transport/transport.js';
import type { Endpoint, IncomingResponse } from '../wire/message.js';
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
  /** Bound for the whole transaction: Timer F (64*T1), or less when the caller's deadline is nearer. */
  timeoutMs: number;
  /** Routes responses for this transaction here until the returned function is called. */
  listen(onResponse: (response: IncomingResponse) => void): () => void;
  /** Called once, when the request has first been handed to the socket. */
  onSent?(): void;
  /** Aborting ends the transaction at once (caller abort). */
  signal?: AbortSignal;
  /** Registers a function that ends the transaction at once (stack shutdown); returns its removal. */
  track?(cancel: () => void): () => void;
}

type State = 'trying' | 'proceeding' | 'completed' | 'terminated';

/**
 * A non-INVITE client transaction (RFC 3261 §17.1.2). Timer E doubles up to T2 and, once a 1xx has
 * arrived, retransmits every T2; Timer F keeps running through Proceeding, so a peer that answers
 * 100 Trying and then nothing still ends in a timeout (the npm stack clears both timers on a 1xx
 * and never completes). Timer K absorbs retransmitted final responses on UDP.
 */
export function runClientTransaction(args: ClientTransactionArgs): Promise<ClientTransactionOutcome> {
  const { transport, target, bytes, timers, signal } = args;
  return new Promise((resolve) => {
    let state: State = 'trying';
    let interval = timers.t1;
    let timerE: ReturnType<typeof setTimeout> | undefined;
    let timerF: ReturnType<typeof setTimeout> | undefined;
    let sentOnce = false;
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
    const stopListening = args.listen(onResponse);
    const onAbort = (): void => {
      if (active()) end({ kind: 'transport-error', detail: 'aborted' }, 0);
    };
    const untrack = args.track?.(onAbort);

    /** Settles the outcome; keeps listening for `lingerMs` (Timer K) to absorb retransmissions. */
    function end(outcome: ClientTransactionOutcome, lingerMs: number): void {
      state = outcome.kind === 'response' ? 'completed' : 'terminated';
      clearTimeout(timerE);
      clearTimeout(timerF);
      signal?.removeEventListener('abort', onAbort);
      untrack?.();
      resolve(outcome);
      if (lingerMs <= 0) {
        stopListening();
        state = 'terminated';
        return;
      }
      const timerK = setTimeout(() => {
        stopListening();
        state = 'terminated';
      }, lingerMs);
      timerK.unref?.();
    }

    function markSent(): void {
      if (sentOnce) return;
      sentOnce = true;
      args.onSent?.();
    }

    function send(): void {
      const pending = transport.send(target, bytes);
      // On UDP the request is handed to the transport once the socket has it; a later send error
      // still ends the transaction below. TCP and TLS count only once the connection took the bytes.
      if (!transport.reliable) markSent();
      pending.then(markSent, (error: Error) => {
        if (active()) end({ kind: 'transport-error', detail: error.message }, 0);
      });
    }

    function scheduleRetransmit(): void {
      if (transport.reliable) return;
      timerE = setTimeout(() => {
        if (!active()) return;
        send();
        interval = state === 'proceeding' ? timers.t2 : Math.min(interval * 2, timers.t2);
        scheduleRetransmit();
      }, interval);
    }

    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    timerF = setTimeout(() => {
      if (active()) end({ kind: 'timeout' }, 0);
    }, args.timeoutMs);
    send();
    scheduleRetransmit();
  });
}
