/** One SIP message from SIPp's `-trace_msg` log. */
export interface SippMessage {
  direction: 'received' | 'sent';
  transport: string;
  /** Request line or status line. */
  firstLine: string;
  /** Headers in order, names as written. */
  headers: [name: string, value: string][];
  body: string;
  raw: string;
}

const BLOCK_START = /^-{40,} \d{4}-\d{2}-\d{2}[\t ][\d:.]+\r?\n/m;
const BLOCK_HEAD = /^(\w+) message (received|sent) (?:\[\d+\] bytes :|\(\d+ bytes\):)\r?\n\r?\n/;

/** Parses SIPp's message log into messages, in order. */
export function parseSippMessageLog(text: string): SippMessage[] {
  const messages: SippMessage[] = [];
  for (const block of text.split(BLOCK_START)) {
    const head = BLOCK_HEAD.exec(block);
    if (!head) continue;
    const raw = block
      .slice(head[0].length)
      .replace(/\r?\n\r?\n$/, '\n')
      .replace(/\r\n/g, '\n');
    const split = raw.indexOf('\n\n');
    const headText = split < 0 ? raw : raw.slice(0, split);
    const body = split < 0 ? '' : raw.slice(split + 2).replace(/\n$/, '');
    const [firstLine = '', ...headerLines] = headText.split('\n');
    const headers: [string, string][] = [];
    for (const line of headerLines) {
      if (/^[ \t]/.test(line) && headers.length > 0) {
        headers[headers.length - 1]![1] += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
    messages.push({
      direction: head[2] as 'received' | 'sent',
      transport: head[1]!,
      firstLine: firstLine.trim(),
      headers,
      body,
      raw,
    });
  }
  return messages;
}

/** The value of the first header named `name` (case-insensitive, compact forms not expanded). */
export function headerValue(message: SippMessage, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return message.headers.find(([header]) => header.toLowerCase() === wanted)?.[1];
}

/** Events from SIPp's `-trace_err` file (failed checks, unexpected messages), one string each. */
export function parseSippErrors(text: string): string[] {
  return text
    .split(/^(?=\d{4}-\d{2}-\d{2}\t)/m)
    .map((event) => event.trim())
    .filter((event) => /^\d{4}-\d{2}-\d{2}\t/.test(event));
}
