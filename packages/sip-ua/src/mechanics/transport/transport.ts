import type { Pacer } from '../transaction/pacing.js';
import type { Endpoint, TransportProtocol } from '../wire/message.js';
import type { FramingError } from '../wire/stream-framer.js';

export interface BoundAddress {
  protocol: TransportProtocol;
  host: string;
  port: number;
  /** UDP: the socket buffer sizes the kernel granted (Linux reports double the size asked for). */
  buffers?: SocketBuffers;
}

/** Socket buffer sizes in bytes. */
export interface SocketBuffers {
  receiveBytes: number;
  sendBytes: number;
}

/** Where received bytes go: one whole message and where it came from. */
export type OnDatagram = (
  bytes: Buffer,
  source: Endpoint & { local: { address: string; port: number } },
) => void;

/** What a client transaction asks of a transport beyond the bytes. */
export interface TransportSendOptions {
  /**
   * TLS: the SIP domain the server's certificate must name (RFC 5922), also sent as SNI. Without
   * it the certificate is checked against the address (or the transport's configured servername).
   */
  serverName?: string;
  /**
   * Reliable transports: called once if the connection that carried the bytes is reset or closed
   * before `until` aborts, so a request waiting on it ends at once instead of at its timeout.
   */
  onLost?: (detail: string) => void;
  until?: AbortSignal;
  /**
   * A new request (not a response). Over TLS it goes only on a connection this side opened and
   * verified: a connection a peer opened to us was never checked against a certificate.
   */
  request?: boolean;
}

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
 * One bound transport. Obligations: `send` resolves once the bytes are written to the OS (the
 * dgram send callback, the stream write callback) and rejects (never throws) on a transport error; `close` releases every socket it opened or
 * accepted and resolves when they are closed.
 */
export interface Transport {
  readonly bound: BoundAddress;
  /** True for TCP and TLS (no retransmissions, Timer K and J are zero). */
  readonly reliable: boolean;
  /** Paces client transactions per destination (UDP by default; see SipStackOptions.pacing). */
  readonly pacer?: Pacer;
  send(target: Endpoint, bytes: Buffer, options?: TransportSendOptions): Promise<void>;
  close(): Promise<void>;
}
