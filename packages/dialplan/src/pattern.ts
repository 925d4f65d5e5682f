// Extension matching and ordering as Asterisk's main/pbx.c does it (ext_cmp, ext_cmp_pattern_pos,
// _extension_match_core), written from its documented rules. Hand-written: no library knows
// Asterisk's pattern syntax.

/** True for a pattern extension (`_` first). */
export function isPattern(name: string): boolean {
  return name.startsWith('_');
}

/** Does extension `name` (exact or `_pattern`) match the dialled `exten`? `-` is ignored on both sides. */
export function extensionMatches(name: string, exten: string): boolean {
  if (!isPattern(name)) return stripDashes(name) === stripDashes(exten);
  const pattern = name.slice(1);
  const data = stripDashes(exten);
  let p = 0;
  let d = 0;
  for (;;) {
    while (pattern[p] === '-') p++;
    if (d >= data.length || p >= pattern.length || pattern[p] === '/') break;
    const c = data[d]!;
    const token = pattern[p]!;
    if (token === '[') {
      const end = pattern.indexOf(']', p + 1);
      if (end < 0) return false; // Asterisk: "Wrong usage of [] in the extension", no match
      if (end === p + 1) {
        p = end + 1; // an empty set is ignored
        continue;
      }
      if (!setContains(pattern.slice(p + 1, end), c)) return false;
      p = end;
    } else if (token === 'N' || token === 'n') {
      if (c < '2' || c > '9') return false;
    } else if (token === 'X' || token === 'x') {
      if (c < '0' || c > '9') return false;
    } else if (token === 'Z' || token === 'z') {
      if (c < '1' || c > '9') return false;
    } else if (token === '.' || token === '!') {
      return true; // '.' one or more (here at least this one), '!' zero or more
    } else if (token !== c) {
      return false;
    }
    d++;
    p++;
  }
  if (d < data.length) return false; // data longer than the pattern
  while (pattern[p] === '-') p++;
  // Ran off the end of the data: an exact match, or '!' (zero or more) still to come.
  return p >= pattern.length || pattern[p] === '/' || pattern[p] === '!';
}

function setContains(set: string, c: string): boolean {
  for (let i = 0; i < set.length; i++) {
    if (i + 2 < set.length && set[i + 1] === '-') {
      if (c >= set[i]! && c <= set[i + 2]!) return true;
      i += 2;
    } else if (set[i] === c) return true;
  }
  return false;
}

function stripDashes(text: string): string {
  return text.includes('-') ? text.replaceAll('-', '') : text;
}

/**
 * Asterisk's sort order of extensions in a context: exact names first (compared as strings,
 * `-` ignored), then patterns, the most specific first: position by position, a smaller set of
 * characters sorts first (one character < `N` (8) < `Z` (9) < `X` (10) < `.` < `!` < end of
 * pattern), and sets of the same size by their lowest characters.
 */
export function compareExtensions(left: string, right: string): number {
  const leftPattern = isPattern(left);
  const rightPattern = isPattern(right);
  if (!leftPattern && !rightPattern) {
    const a = stripDashes(left);
    const b = stripDashes(right);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (!leftPattern) return -1;
  if (!rightPattern) return 1;
  const a = { text: left.slice(1), at: 0 };
  const b = { text: right.slice(1), at: 0 };
  for (;;) {
    const x = patternPosition(a);
    const y = patternPosition(b);
    let cmp = x.score - y.score;
    if (cmp === 0) cmp = compareSets(y.set, x.set);
    if (cmp !== 0) return cmp < 0 ? -1 : 1;
    if (x.end) return 0;
  }
}

const DIGITS = '0123456789';
const WILDCARD = 0x18000;
const EARLY_MATCH = 0x28000;
const END = 0x30000;
const BAD_SET = 0x40000;

interface Position {
  score: number;
  /** The characters of this position (their codes), for ties. */
  set: Set<number>;
  end: boolean;
}

/** One position of a pattern: its score (count << 8 | lowest character) and its set. */
function patternPosition(cursor: { text: string; at: number }): Position {
  for (;;) {
    let c = cursor.text[cursor.at++];
    while (c === '-') c = cursor.text[cursor.at++];
    if (c === undefined) return { score: END, set: new Set(), end: true };
    switch (c) {
      case 'N':
      case 'n':
        return charSet(DIGITS.slice(2));
      case 'X':
      case 'x':
        return charSet(DIGITS);
      case 'Z':
      case 'z':
        return charSet(DIGITS.slice(1));
      case '.':
        return { score: WILDCARD, set: new Set(), end: false };
      case '!':
        return { score: EARLY_MATCH, set: new Set(), end: false };
      case '[': {
        const close = cursor.text.indexOf(']', cursor.at);
        if (close < 0) {
          cursor.at = cursor.text.length;
          return { score: BAD_SET, set: new Set(), end: false };
        }
        const body = cursor.text.slice(cursor.at, close);
        cursor.at = close + 1;
        const chars = new Set<number>();
        for (let i = 0; i < body.length; i++) {
          const first = body.charCodeAt(i);
          if (i + 2 < body.length && body[i + 1] === '-') {
            const last = body.charCodeAt(i + 2);
            for (let code = first; code <= last; code++) chars.add(code);
            i += 2;
          } else chars.add(first);
        }
        if (chars.size === 0) continue; // the empty set is ignored
        return { score: (chars.size << 8) | Math.min(...chars), set: chars, end: false };
      }
      default:
        return charSet(c);
    }
  }
}

function charSet(chars: string): Position {
  const set = new Set<number>();
  for (let i = 0; i < chars.length; i++) set.add(chars.charCodeAt(i));
  return { score: (set.size << 8) | Math.min(...set), set, end: false };
}

/** memcmp of Asterisk's bit sets (lowest code = most significant bit): the set with lower characters is "greater". */
function compareSets(left: Set<number>, right: Set<number>): number {
  for (let code = 0; code < 256; code++) {
    const l = left.has(code);
    const r = right.has(code);
    if (l !== r) return l ? 1 : -1;
  }
  return 0;
}
