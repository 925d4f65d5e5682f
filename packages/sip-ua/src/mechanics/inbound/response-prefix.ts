// readMessage's bound on the header section (wire/parse.ts): a longer head is never a response.
const MAX_HEAD_BYTES = 64 * 1024;
const CR = 0x0d;
const LF = 0x0a;

/**
 * True when readMessage would read these bytes as a response (its first line, after leading
 * CRLFs, starts `SIP/`, and the head ends within the bound), decided without parsing. Responses
 * are exempt from the per-source rate limit, so the limiter can run on everything else before
 * the parse: a flood then costs a few byte compares per datagram, not a parse.
 */
export function looksLikeResponse(bytes: Buffer): boolean {
  let start = 0;
  while (bytes[start] === CR && bytes[start + 1] === LF) start += 2;
  if (!startsWithSipSlash(bytes, start)) return false;
  const headEnd = bytes.indexOf('\r\n\r\n');
  // The leading CRLFs are stripped only inside the head: `\r\n\r\nSIP/...` has an empty head.
  return headEnd >= start + 4 && headEnd <= MAX_HEAD_BYTES;
}

/** `SIP/` in any case at `at` (readMessage tests the first line with /^SIP\//i). */
function startsWithSipSlash(bytes: Buffer, at: number): boolean {
  return (
    ((bytes[at] ?? 0) | 0x20) === 0x73 &&
    ((bytes[at + 1] ?? 0) | 0x20) === 0x69 &&
    ((bytes[at + 2] ?? 0) | 0x20) === 0x70 &&
    bytes[at + 3] === 0x2f
  );
}
