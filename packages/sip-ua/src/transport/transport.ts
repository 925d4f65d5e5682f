import type { Endpoint, TransportProtocol } from '../wire/message.js';

export interface BoundAddress {
  protocol: TransportProtocol;
  host: string;
  port: number;
}

/** Where received bytes go: one whole message and where it came from. */
export type OnDatagram = (
  bytes: Buffer,
  source: Endpoint & { local: { address: string; port: number } },
) => void;

/**
 * One bound transport. Obligations: `send` resolves once the bytes are handed to the socket and
 * rejects (never throws) on a transport error; `close` releases every socket it opened or
 * accepted and resolves when they are closed.
 */
export interface Transport {
  readonly bound: BoundAddress;
  /** True for TCP and TLS (no retransmissions, Timer K and J are zero). */
  readonly reliable: boolean;
  send(target: Endpoint, bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}
