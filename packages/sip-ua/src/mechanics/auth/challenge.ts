/** Parameters of one `Digest` challenge or credentials header (RFC 7616 §3.3, §3.4). */
export type DigestParams = Record<string, string>;

/**
 * Parses `Digest a=b, c="d, e"` into its scheme and lower-cased parameter names with unquoted
 * values. Returns undefined for another scheme or malformed text. Written here because the npm
 * stack keeps the quotes and loses repeated headers.
 */
export function parseDigestHeader(value: string): DigestParams | undefined {
  const match = /^\s*Digest\s+/i.exec(value);
  if (!match) return undefined;
  const params: DigestParams = {};
  const pattern = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/gy;
  pattern.lastIndex = match[0].length;
  while (pattern.lastIndex < value.length) {
    const start = pattern.lastIndex;
    const param = pattern.exec(value);
    if (!param || pattern.lastIndex === start) return undefined;
    params[param[1]!.toLowerCase()] =
      param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
  }
  return params;
}

/** Quotes a parameter value for a Digest header. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
