import type { Element } from '@xmpp/xml';

/**
 * A message body as an XML text child that keeps its carriage returns. XML parsers turn CR LF and
 * a lone CR into LF (XML 1.0 §2.11), and @xmpp/xml escapes only `& < >`, so `\r\n` would arrive
 * as `\n`; written as `&#13;` a CR survives. ltx serialises a child with a write() method by
 * calling it, which is how this text reaches the stanza unchanged (ltx has no raw-text node).
 */
export function bodyText(body: string): string | Element {
  if (!body.includes('\r')) return body;
  const escaped = body.replace(/[&<>\r]/g, (char) => ESCAPES[char]!);
  return { write: (writer: (text: string) => void) => writer(escaped) } as unknown as Element;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
