/**
 * Characters XML 1.0 forbids (its `Char` production): C0 controls other than tab, LF and CR,
 * lone surrogates, U+FFFE and U+FFFF. A server that receives one must drop the whole stream
 * (RFC 6120 §11.1), taking every other message on it along.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface ForbiddenChar {
  /** UTF-16 offset in the text. */
  offset: number;
  /** `U+0000` style. */
  codePoint: string;
}

/** The first character XML 1.0 cannot carry, or undefined when the text is clean. */
export function findForbiddenXmlChar(text: string): ForbiddenChar | undefined {
  const match = FORBIDDEN.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  return { offset: match.index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
}
