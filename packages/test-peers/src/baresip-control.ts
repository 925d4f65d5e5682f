import { connect, type Socket } from 'node:net';

/** One `ctrl_tcp` response: `ok` is false when baresip's command handler returned an error. */
export interface BaresipResponse {
  ok: boolean;
  data: string;
}

/** One `ctrl_tcp` event (`REGISTER_OK`, `REGISTER_FAIL`, ...), as baresip encodes it. */
export interface BaresipEvent {
  type: string;
  class?: string;
  accountaor?: string;
  param?: string;
}

export interface BaresipControl {
  /** Runs a command (as typed after `/` in the menu); bounded by `timeoutMs` (default 5 s). */
  command(name: string, params?: string, timeoutMs?: number): Promise<BaresipResponse>;
  events(): BaresipEvent[];
  close(): void;
}

/**
 * A client of baresip's `ctrl_tcp` module: netstring-framed JSON (`LEN:{...},`), one connection
 * at a time (a second one replaces the first, so the peer keeps this one open), responses matched
 * to commands by `token`, events collected as they come.
 */
export function connectControl(host: string, port: number, timeoutMs = 5_000): Promise<BaresipControl> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`baresip ctrl_tcp ${host}:${port}: no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`baresip ctrl_tcp ${host}:${port}: ${error.message}`));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(controlOver(socket));
    });
  });
}

function controlOver(socket: Socket): BaresipControl {
  const events: BaresipEvent[] = [];
  const waiting = new Map<string, (response: BaresipResponse) => void>();
  let closed = false;
  let buffer = Buffer.alloc(0);
  let sequence = 0;

  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const frame = nextNetstring(buffer);
      if (!frame) break;
      buffer = buffer.subarray(frame.end);
      const json = JSON.parse(frame.payload) as Record<string, unknown>;
      if (json.event === true) {
        events.push(json as unknown as BaresipEvent);
      } else if (json.response === true && typeof json.token === 'string') {
        waiting.get(json.token)?.({ ok: json.ok === true, data: String(json.data ?? '') });
        waiting.delete(json.token);
      }
    }
  });
  socket.on('error', () => {
    // the peer went away; pending commands time out with their own message
  });
  socket.on('close', () => {
    closed = true;
  });

  return {
    command(name, params, timeoutMs = 5_000) {
      if (closed) return Promise.reject(new Error(`baresip ctrl_tcp closed before "${name}"`));
      const token = `t${++sequence}`;
      const payload = JSON.stringify({ command: name, ...(params !== undefined ? { params } : {}), token });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(token);
          reject(new Error(`baresip ctrl_tcp: no response to "${name}" within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(token, (response) => {
          clearTimeout(timer);
          resolve(response);
        });
        const bytes = Buffer.from(payload, 'utf8');
        socket.write(Buffer.concat([Buffer.from(`${bytes.length}:`), bytes, Buffer.from(',')]));
      });
    },
    events: () => [...events],
    close() {
      socket.destroy();
    },
  };
}

/** The first complete netstring in `buffer` (its payload as UTF-8 and where it ends), if any. */
export function nextNetstring(buffer: Buffer): { payload: string; end: number } | undefined {
  const colon = buffer.indexOf(0x3a);
  if (colon < 0) return undefined;
  const length = Number(buffer.subarray(0, colon).toString('latin1'));
  if (!Number.isInteger(length) || length < 0)
    throw new Error(`baresip ctrl_tcp: not a netstring: ${buffer.subarray(0, 40).toString('latin1')}`);
  const end = colon + 1 + length + 1;
  if (buffer.length < end) return undefined;
  return { payload: buffer.subarray(colon + 1, end - 1).toString('utf8'), end };
}
