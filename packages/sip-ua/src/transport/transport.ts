import type { Endpoint, TransportProtocol } from '../wire/message.js';
import type { FramingError } from '../wire/stream-framer.js';

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

/** What a transport reports about inbound trouble, so the stack can count it and answer it. */
export interface InboundEvents {
  /** A stream could not be framed; returns the bytes to send before closing, if any. */
  framingError(
    error: FramingError,
    source: Endpoint & { local: { address: string; port: number } },
  ): Buffer | undefined;
  connectionRefused(): void;
  idleClosed(): void;
  /** Something threw while handling received bytes; it was caught here. */
  contained(error: unknown): void;
}

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
