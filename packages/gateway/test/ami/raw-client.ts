import { connect, type Socket } from 'node:net';

/** A bare TCP AMI client for the tests: what it reads, split into packets, with bounded waits. */
export interface RawAmi {
  socket: Socket;
  banner: string;
  send(text: string | Buffer): void;
  /** The next response packet as `name -> value` lines (in order), within `timeoutMs`. */
  next(timeoutMs?: number): Promise<Map<string, string>>;
  /** Resolves when the server closes the connection, rejects after `timeoutMs`. */
  closed(timeoutMs?: number): Promise<void>;
}

export async function rawAmi(port: number, host = '127.0.0.1'): Promise<RawAmi> {
  const socket = connect({ port, host });
  socket.on('error', () => {});
  let buffer = '';
  const packets: string[] = [];
  const waiters: (() => void)[] = [];
  let isClosed = false;
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
      packets.push(buffer.slice(0, end));
      buffer = buffer.slice(end + 4);
    }
    wake();
  });
  socket.on('close', () => {
    isClosed = true;
    wake();
  });
  const bannerLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no banner within 5 s')), 5000);
    const check = () => {
      const end = buffer.indexOf('\r\n');
      if (end >= 0) {
        clearTimeout(timer);
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        resolve(line);
      } else if (isClosed) {
        clearTimeout(timer);
        reject(new Error('closed before the banner'));
      } else waiters.push(check);
    };
    check();
  });
  const waitFor = (ready: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (ready()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return {
    socket,
    banner: bannerLine,
    send: (text) => socket.write(text),
    async next(timeoutMs = 5000) {
      await waitFor(() => packets.length > 0 || isClosed, timeoutMs, 'no response');
      const packet = packets.shift();
      if (packet === undefined) throw new Error('connection closed without a response');
      const fields = new Map<string, string>();
      for (const line of packet.split('\r\n')) {
        const colon = line.indexOf(': ');
        fields.set(line.slice(0, colon), line.slice(colon + 2));
      }
      return fields;
    },
    closed: (timeoutMs = 5000) => waitFor(() => isClosed, timeoutMs, 'not closed'),
  };
}

export const action = (fields: Record<string, string>): string =>
  `${Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
