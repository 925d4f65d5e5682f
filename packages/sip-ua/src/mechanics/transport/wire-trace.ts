import type { TransportProtocol } from '../wire/message.js';

/** One SIP message on the wire, as `--trace` prints it: which way, the remote end, the bytes. */
export interface WireTraceEvent {
  direction: 'in' | 'out';
  protocol: TransportProtocol;
  address: string;
  port: number;
  bytes: Buffer;
}

/** Called for every message a transport reads or writes; absent, the transports do no extra work. */
export type WireTrace = (event: WireTraceEvent) => void;
