import { randomBytes } from 'node:crypto';
import { bindUdp, closeUdp } from './udp-socket.js';

/** A final SIP response as a raw client received it. */
export interface RawSipResponse {
  status: number;
  reason: string;
  /** Header lines in order, names as sent. */
  headers: [string, string][];
  header(name: string): string | undefined;
  text: string;
}

export interface RawSipRequest {
  method: string;
  uri: string;
  from: string;
  to: string;
  callId?: string;
  cseq?: number;
  /** Extra header lines, `Name: value`. */
  headers?: string[];
  body?: string;
}

/**
 * A bare UDP SIP client bound to a chosen loopback address (127.0.0.2, 127.0.0.3...: Linux routes
 * all of 127/8 to lo), for crafting the requests an attacker would send: spoofed From users, replayed
 * Authorization headers, floods. Every wait is bounded.
 */
export interface RawSipClient {
  readonly address: string;
  readonly port: number;
  /** Sends one request and resolves with its final response (1xx skipped), or rejects after `timeoutMs`. */
  send(
    target: { host: string; port: number },
    request: RawSipRequest,
    timeoutMs?: number,
  ): Promise<RawSipResponse>;
  close(): Promise<void>;
}

export async function rawSipClient(address = '127.0.0.1', port = 0): Promise<RawSipClient> {
  const socket = await bindUdp(address, port);
  const bound = socket.address().port;
  const waiting = new Map<string, (response: RawSipResponse) => void>();
  socket.on('message', (data) => {
    const response = parseResponse(data.toString('utf8'));
    if (!response || response.status < 200) return;
    const branch = /branch=([^;,\s]+)/.exec(response.header('via') ?? '')?.[1];
    if (branch) waiting.get(branch)?.(response);
  });
  return {
    address,
    port: bound,
    send(target, request, timeoutMs = 3000) {
      const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
      const body = request.body ?? '';
      const lines = [
        `${request.method} ${request.uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${address}:${bound};branch=${branch};rport`,
        `Max-Forwards: 70`,
        `From: ${request.from}`,
        `To: ${request.to}`,
        `Call-ID: ${request.callId ?? randomBytes(8).toString('hex')}`,
        `CSeq: ${request.cseq ?? 1} ${request.method}`,
        ...(request.headers ?? []),
        `Content-Length: ${Buffer.byteLength(body)}`,
      ];
      const text = `${lines.join('\r\n')}\r\n\r\n${body}`;
      return new Promise<RawSipResponse>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(branch);
          reject(new Error(`no final response to ${request.method} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(branch, (response) => {
          clearTimeout(timer);
          waiting.delete(branch);
          resolve(response);
        });
        socket.send(text, target.port, target.host);
      });
    },
    close: () => closeUdp(socket),
  };
}

function parseResponse(text: string): RawSipResponse | undefined {
  const [head = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match) return undefined;
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  return {
    status: Number(match[1]),
    reason: match[2] ?? '',
    headers,
    header: (name) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1],
    text,
  };
}
