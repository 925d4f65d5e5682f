import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';

/** A plain UDP socket that sends raw bytes and collects whatever comes back. */
export interface RawUdp {
  readonly port: number;
  readonly received: Buffer[];
  send(bytes: Buffer | string, port: number, host?: string): void;
  /** Resolves with the next datagram (or undefined after `timeoutMs`). */
  next(timeoutMs?: number): Promise<string | undefined>;
  close(): void;
}

export async function rawUdp(address = '127.0.0.1'): Promise<RawUdp> {
  const socket: UdpSocket = createSocket('udp4');
  const received: Buffer[] = [];
  const waiting: ((bytes: Buffer) => void)[] = [];
  socket.on('message', (bytes) => {
    const waiter = waiting.shift();
    if (waiter) waiter(bytes);
    else received.push(bytes);
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return {
    port: socket.address().port,
    received,
    send: (bytes, port, host = '127.0.0.1') => socket.send(bytes, port, host),
    next(timeoutMs = 1000) {
      const ready = received.shift();
      if (ready) return Promise.resolve(ready.toString('utf8'));
      return new Promise((resolve) => {
        const waiter = (bytes: Buffer) => {
          clearTimeout(timer);
          resolve(bytes.toString('utf8'));
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          resolve(undefined);
        }, timeoutMs);
        waiting.push(waiter);
      });
    },
    close: () => socket.close(),
  };
}

/** A TCP connection that sends raw bytes; `text` is everything received, `closed` flips when the peer closes. */
export interface RawTcp {
  readonly socket: Socket;
  readonly text: () => string;
  readonly closed: Promise<void>;
  isClosed(): boolean;
  /** Resolves once `predicate(text)` holds or `timeoutMs` passes (then with false). */
  until(predicate: (text: string) => boolean, timeoutMs?: number): Promise<boolean>;
  send(bytes: Buffer | string): void;
  close(): void;
}

export function rawTcp(port: number, localAddress = '127.0.0.1', host = '127.0.0.1'): Promise<RawTcp> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, localAddress });
    const chunks: Buffer[] = [];
    let ended = false;
    const listeners = new Set<() => void>();
    const notify = () => {
      for (const listener of [...listeners]) listener();
    };
    const closed = new Promise<void>((done) =>
      socket.on('close', () => {
        ended = true;
        notify();
        done();
      }),
    );
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      notify();
    });
    socket.on('error', () => {});
    const text = () => Buffer.concat(chunks).toString('utf8');
    const timer = setTimeout(() => reject(new Error('TCP connect timed out')), 2000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({
        socket,
        text,
        closed,
        isClosed: () => ended,
        until(predicate, timeoutMs = 2000) {
          if (predicate(text())) return Promise.resolve(true);
          return new Promise((done) => {
            const check = () => {
              if (!predicate(text())) return;
              listeners.delete(check);
              clearTimeout(bound);
              done(true);
            };
            const bound = setTimeout(() => {
              listeners.delete(check);
              done(predicate(text()));
            }, timeoutMs);
            listeners.add(check);
          });
        },
        send: (bytes) => void socket.write(bytes),
        close: () => socket.destroy(),
      });
    });
  });
}

let sequence = 0;

/** A well-formed request as text, with header lines replaceable or removable by name. */
export function rawRequest(
  options: {
    method?: string;
    uri?: string;
    transport?: 'UDP' | 'TCP';
    sentBy?: string;
    headers?: Record<string, string | undefined>;
    body?: string;
    firstLine?: string;
  } = {},
): string {
  const method = options.method ?? 'OPTIONS';
  const n = ++sequence;
  const body = options.body ?? '';
  const defaults: Record<string, string | undefined> = {
    Via: `SIP/2.0/${options.transport ?? 'UDP'} ${options.sentBy ?? '127.0.0.1:9'};branch=z9hG4bKraw${n}x${Date.now()}`,
    From: '<sip:probe@127.0.0.1>;tag=probe',
    To: '<sip:bob@127.0.0.1>',
    'Call-ID': `raw-${n}-${Date.now()}`,
    CSeq: `1 ${method}`,
    'Max-Forwards': '70',
    ...(body ? { 'Content-Type': 'text/plain' } : {}),
    'Content-Length': String(Buffer.byteLength(body)),
    ...options.headers,
  };
  const lines = Object.entries(defaults)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name.replace(/#\d+$/, '')}: ${value}`);
  const first = options.firstLine ?? `${method} ${options.uri ?? 'sip:bob@127.0.0.1'} SIP/2.0`;
  return `${first}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The status line of a response text. */
export function statusLine(text: string | undefined): string | undefined {
  return text?.split('\r\n', 1)[0];
}
