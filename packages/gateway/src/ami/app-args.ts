/**
 * Asterisk's `AST_STANDARD_APP_ARGS` (`__ast_app_separate_args` in main/app.c with `remove_chars`):
 * splits at `,` outside `()`, `[]` and double quotes; quotes are removed; a backslash makes the
 * next character literal and is removed. At most `max` items: the last one holds the rest of the
 * text as written. A trailing comma gives a last, empty item. Used for `Variable:` values.
 */
export function separateAppArgs(input: string, max = 64): string[] {
  const items: string[] = [];
  let scan = 0;
  let paren = 0;
  let bracket = 0;
  let quote = false;
  let lastDelimiter = -1;
  while (scan < input.length && items.length < max - 1) {
    let item = '';
    for (; scan < input.length; scan++) {
      const char = input[scan]!;
      if (char === '(') {
        paren++;
        item += char;
      } else if (char === ')') {
        if (paren > 0) paren--;
        item += char;
      } else if (char === '[') {
        bracket++;
        item += char;
      } else if (char === ']') {
        if (bracket > 0) bracket--;
        item += char;
      } else if (char === '"') {
        quote = !quote;
      } else if (char === '\\') {
        scan++;
        if (scan < input.length) item += input[scan];
      } else if (char === ',' && paren === 0 && bracket === 0 && !quote) {
        lastDelimiter = scan;
        scan++;
        break;
      } else {
        item += char;
      }
    }
    items.push(item);
  }
  if (scan < input.length) items.push(input.slice(scan));
  else if (scan > 0 && scan - 1 === lastDelimiter) items.push('');
  return items;
}
