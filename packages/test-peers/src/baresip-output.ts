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

// The menu module prints `peer: "body"` after a carriage return; bodies spanning lines stay whole
// because the closing quote must be followed by the newline.
const RECEIVED = /\r(sips?:[^\s"]+): "([\s\S]*?)"\n/g;

export function parseReceivedMessages(output: string): BaresipMessage[] {
  return [...output.matchAll(RECEIVED)].map(([, from = '', body = '']) => ({ from, body }));
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
