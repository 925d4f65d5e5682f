/**
 * Asterisk's application argument splitter (main/app.c, __ast_app_separate_args): `,` splits
 * except inside `"..."`, `(...)` or `[...]`; double quotes are removed and a backslash keeps the
 * next character literally. With `max`, the last argument is the raw rest of the text (so
 * MessageSend's third argument keeps its quotes, R1.6.1). Hand-written: Asterisk-specific rules.
 */
export function splitArgs(text: string, max = Number.POSITIVE_INFINITY, delimiter = ','): string[] {
  const args: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (args.length === max - 1) {
      args.push(current + text.slice(i));
      return args;
    }
    const c = text[i]!;
    if (c === '(' || c === '[') {
      depth++;
      current += c;
    } else if ((c === ')' || c === ']') && depth > 0) {
      depth--;
      current += c;
    } else if (c === '"' && delimiter !== '"') {
      quoted = !quoted;
    } else if (c === '\\') {
      if (i + 1 < text.length) current += text[++i];
    } else if (c === delimiter && depth === 0 && !quoted) {
      args.push(current);
      current = '';
    } else current += c;
  }
  args.push(current);
  return args;
}

/** Splits `condition?ifTrue:ifFalse` as GotoIf, ExecIf and IF do: at the first `?`, then the first `:` after it. */
export function splitCondition(text: string): {
  condition: string;
  ifTrue: string;
  ifFalse: string | undefined;
} {
  const question = text.indexOf('?');
  if (question < 0) return { condition: text, ifTrue: '', ifFalse: undefined };
  const rest = text.slice(question + 1);
  const colon = findOutside(rest, ':');
  return {
    condition: text.slice(0, question),
    ifTrue: colon < 0 ? rest : rest.slice(0, colon),
    ifFalse: colon < 0 ? undefined : rest.slice(colon + 1),
  };
}

/** First `char` not inside parentheses (so ExecIf's `App(a:b)` keeps its colon). */
function findOutside(text: string, char: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === char && depth === 0) return i;
  }
  return -1;
}

/**
 * Asterisk's pbx_checkcondition: empty is false; text starting with a digit is its leading
 * integer (atoi: `0abc` is false, `12x` true); anything else is true.
 */
export function isTrue(condition: string): boolean {
  if (condition === '') return false;
  const first = condition.charCodeAt(0);
  if (first >= 48 && first <= 57) return Number.parseInt(condition, 10) !== 0;
  return true;
}
