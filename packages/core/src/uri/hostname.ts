import { ALNUM, hasClass, isAlpha } from './chars.js';

/** RFC 3261 hostname: dot-separated labels of alphanumerics and inner hyphens; the last starts with a letter. */
export function isHostname(text: string, start = 0, end = text.length): boolean {
  if (end <= start) return false;
  if (text.charCodeAt(end - 1) === 46) end--; // one trailing dot is allowed (fully qualified)
  let labelStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 46) continue;
    if (!isLabel(text, labelStart, i)) return false;
    if (i === end) return isAlpha(text.charCodeAt(labelStart));
    labelStart = i + 1;
  }
  return false;
}

function isLabel(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 63) return false;
  if (!hasClass(text.charCodeAt(start), ALNUM) || !hasClass(text.charCodeAt(end - 1), ALNUM)) return false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c !== 45 && !hasClass(c, ALNUM)) return false;
  }
  return true;
}
