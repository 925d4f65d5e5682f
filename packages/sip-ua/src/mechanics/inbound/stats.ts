import { SipInbound, type SipInboundCode } from '../errors.js';

/** What the inbound side has seen since the stack started (`stack.stats()`). */
export interface InboundStats {
  /** Messages (requests and responses) read off any transport. */
  received: number;
  /**
   * Messages whose bytes were parsed. A request over its source's rate limit is dropped before
   * its parse, so a flood costs no parse beyond the bucket: `received - parsed` were not read.
   */
  parsed: number;
  /** Responses sent by the server side, error answers (400, 413, 503, 505) included. */
  answered: number;
  /** Messages dropped without an answer (unparseable, no Via, rate-limited, malformed responses...). */
  dropped: number;
  /** Count per refusal reason (a refused message counts once here and once in answered or dropped). */
  reasons: Record<SipInboundCode, number>;
}

/** Mutable counters behind `stack.stats()`; transports report into it too. */
export class InboundCounters {
  private readonly counts: InboundStats = {
    received: 0,
    parsed: 0,
    answered: 0,
    dropped: 0,
    reasons: Object.fromEntries(Object.values(SipInbound).map((code) => [code, 0])) as Record<
      SipInboundCode,
      number
    >,
  };

  received(): void {
    this.counts.received++;
  }

  parsed(): void {
    this.counts.parsed++;
  }

  answered(reason?: SipInboundCode): void {
    this.counts.answered++;
    if (reason) this.counts.reasons[reason]++;
  }

  dropped(reason: SipInboundCode): void {
    this.counts.dropped++;
    this.counts.reasons[reason]++;
  }

  /** A refusal that is neither a message answered nor dropped (a connection refused or closed). */
  noted(reason: SipInboundCode): void {
    this.counts.reasons[reason]++;
  }

  snapshot(): InboundStats {
    return { ...this.counts, reasons: { ...this.counts.reasons } };
  }
}
