/** A MESSAGE baresip accepted, as its menu module printed it: `\r<From URI>: "<body>"\n`. */
export interface BaresipMessage {
  from: string;
  body: string;
}

/** One SIP packet from baresip's `-s` trace: `#\n<TRANSPORT> <src> -> <dst>\n<packet>`. */
export interface BaresipSipPacket {
  transport: string;
  src: string;
  dst: string;
  /** Request line or status line. */
  firstLine: string;
  raw: string;
}

// The menu module prints `peer: "body"` after a carriage return. A body may hold `"` and newlines,
// so it runs to the last `"\n` before whatever is printed next: another message, or the cyan SIP
// trace of the 200 baresip sends right after printing.
const RECEIVED_START = /\r(sips?:[^\s"]+): "/g;

export function parseReceivedMessages(output: string): BaresipMessage[] {
  const starts = [...output.matchAll(RECEIVED_START)];
  const messages: BaresipMessage[] = [];
  starts.forEach((start, i) => {
    const from = start[1] ?? '';
    const bodyAt = (start.index ?? 0) + start[0].length;
    const nextStart = starts[i + 1]?.index ?? output.length;
    const traceAt = output.indexOf('\x1b[', bodyAt);
    const segment = output.slice(bodyAt, traceAt >= 0 ? Math.min(traceAt, nextStart) : nextStart);
    const end = segment.lastIndexOf('"\n');
    if (end >= 0) messages.push({ from, body: segment.slice(0, end) });
  });
  return messages;
}

// Each traced packet is printed in cyan: ESC[36;1m "#\n" header line, the packet, ESC[;m "\n".
const TRACE = /\x1b\[36;1m#\n(\S+) (\S+) -> (\S+)\n([\s\S]*?)\x1b\[;m\n/g;

export function parseSipTrace(output: string): BaresipSipPacket[] {
  return [...output.matchAll(TRACE)].map(([, transport = '', src = '', dst = '', raw = '']) => ({
    transport,
    src,
    dst,
    firstLine: raw.split('\r\n', 1)[0] ?? '',
    raw,
  }));
}

/** The value of the first `name` header of a traced packet (full names only). */
export function tracedHeader(packet: BaresipSipPacket, name: string): string | undefined {
  const head = packet.raw.split('\r\n\r\n', 1)[0] ?? '';
  const wanted = `${name.toLowerCase()}:`;
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(wanted));
  return line?.slice(wanted.length).trim();
}

/** The body of a traced packet. */
export function tracedBody(packet: BaresipSipPacket): string {
  const at = packet.raw.indexOf('\r\n\r\n');
  return at < 0 ? '' : packet.raw.slice(at + 4);
}

/** A MESSAGE request in baresip's trace (sent or received). */
export const isTracedMessage = (packet: BaresipSipPacket): boolean => packet.firstLine.startsWith('MESSAGE ');

/** The answers baresip got to its REGISTERs, in order, as `<TRANSPORT> <status line>`. */
export function registerAnswers(trace: BaresipSipPacket[]): string[] {
  return trace
    .filter((p) => p.firstLine.startsWith('SIP/2.0 ') && /REGISTER$/.test(tracedHeader(p, 'CSeq') ?? ''))
    .map((p) => `${p.transport} ${p.firstLine}`);
}
