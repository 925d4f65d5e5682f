/** RFC 3261 §17 timer values in milliseconds. Tests may shorten them. */
export interface SipTimers {
  /** RTT estimate (500). */
  t1: number;
  /** Maximum retransmit interval for non-INVITE requests (4000). */
  t2: number;
  /** Maximum time a message stays in the network (5000). */
  t4: number;
}

export const DEFAULT_TIMERS: SipTimers = { t1: 500, t2: 4000, t4: 5000 };
