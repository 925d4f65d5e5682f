/**
 * Server-supplied text (a stanza error's <text>, a SASL or stream error) made safe for a report or
 * a terminal: control characters (C0, DEL, C1, so no ESC or CSI sequences) and bidirectional
 * overrides become a space, and the length is capped. A local helper: core may gain a shared one.
 */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]+/g;

export function stripControl(text: string, maxLength = 300): string {
  const clean = text.replace(UNSAFE, ' ').trim();
  if (clean.length <= maxLength) return clean;
  // Never cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(clean[maxLength - 1] ?? '') ? maxLength - 1 : maxLength;
  return `${clean.slice(0, end)}…`;
}
