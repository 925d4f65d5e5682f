import type { Transport } from '../transport/transport.js';
import type { Endpoint } from '../wire/message.js';
import type { SipTimers } from './timers.js';

/**
 * A non-INVITE server transaction (RFC 3261 §17.2.2): the request's handler runs once; a
 * retransmitted request is answered with the last response sent (or absorbed while there is
 * none); Timer J keeps the transaction 64*T1 on UDP after the final response.
 */
export class ServerTransaction {
  private last: Buffer | undefined;
  private final = false;

  constructor(
    private readonly transport: Transport,
    private target: Endpoint,
    private readonly timers: SipTimers,
    private readonly onTerminated: () => void,
  ) {}

  get completed(): boolean {
    return this.final;
  }

  /** Sends this transaction's responses (and their retransmissions) to `target` instead. */
  redirect(target: Endpoint): void {
    this.target = target;
  }

  /** A retransmission of the request arrived. */
  retransmitted(): void {
    if (this.last) void this.transport.send(this.target, this.last).catch(() => {});
  }

  respond(status: number, bytes: Buffer): Promise<void> {
    if (this.final) return Promise.resolve();
    this.last = bytes;
    if (status >= 200) {
      this.final = true;
      const timerJ = setTimeout(this.onTerminated, this.transport.reliable ? 0 : 64 * this.timers.t1);
      timerJ.unref?.();
    }
    return this.transport.send(this.target, bytes).catch(() => {});
  }
}
