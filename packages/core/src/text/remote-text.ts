/** Longest text `sanitizeRemoteText` returns, in UTF-16 code units, the ellipsis included. */
export const REMOTE_TEXT_MAX_LENGTH = 300;

// Line and paragraph breaks and tabs: shown as one space so a report stays on one line.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// C0 and C1 controls and DEL (ESC starts a terminal control sequence, BEL rings, U+009B is CSI),
// the bidirectional overrides, embeddings, isolates and marks that can reorder what is shown
// (CVE-2021-42574), and lone surrogates: each becomes U+FFFD, so tampering stays visible.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text that came from the network or a file, made safe to show: breaks become spaces, control
 * characters, bidi overrides and lone surrogates become U+FFFD. No length bound (see
 * `sanitizeRemoteText` for one).
 */
export function stripControlChars(text: string): string {
  if (typeof text !== 'string') return '';
  // Printable ASCII has nothing to replace: one test instead of two replaces (every SIP report's
  // "200 OK" comes through here).
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(BREAKS, ' ').replace(UNSAFE, '\ufffd');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A remote party's text (a SIP reason phrase, a header value, an XMPP error text) made safe for
 * reports, logs and terminals: `stripControlChars`, then at most REMOTE_TEXT_MAX_LENGTH code
 * units, cut with "…" (never inside a surrogate pair).
 */
export function sanitizeRemoteText(text: string): string {
  const safe = stripControlChars(text);
  if (safe.length <= REMOTE_TEXT_MAX_LENGTH) return safe;
  let end = REMOTE_TEXT_MAX_LENGTH - 1;
  const last = safe.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${safe.slice(0, end)}…`;
}
