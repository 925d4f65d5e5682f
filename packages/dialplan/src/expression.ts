/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
// `$[...]` as main/ast_expr2.y evaluates it. Hand-written: no library has Asterisk's grammar and
// its string/number rules (a non-numeric operand, division by zero, `:` anchored at the start).

/** Reports a problem in one expression; the expression still gets a defined result. */
export type ExpressionWarn = (message: string) => void;

type Token = { kind: 'op'; op: string } | { kind: 'value'; text: string };

/** Operators, longest first so `::`, `=~`, `!=`, `<=`, `>=`, `==` win over their prefixes. */
const OPERATORS = [
  '::',
  '=~',
  '!=',
  '<=',
  '>=',
  '==',
  '|',
  '&',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  ':',
  '?',
  '(',
  ')',
];

/** The largest C int: ast_expr2's result of a division by zero. */
const INT_MAX = 2147483647;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end < 0 ? text.length : end;
      tokens.push({ kind: 'value', text: text.slice(i + 1, stop) });
      i = stop + 1;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op) {
      tokens.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    let end = i;
    while (end < text.length && !/[\s"]/.test(text[end]!) && !OPERATORS.some((o) => text.startsWith(o, end)))
      end++;
    // Always move on: a character no rule takes must not stall the loop.
    if (end === i) end = i + 1;
    tokens.push({ kind: 'value', text: text.slice(i, end) });
    i = end;
  }
  return tokens;
}

class ExpressionSyntaxError extends Error {}

const isOp = (token: Token | undefined, op: string): boolean => token?.kind === 'op' && token.op === op;

const isNumber = (value: string): boolean => NUMBER.test(value);
const toNumber = (value: string): number => Number(value);
const isZeroOrNull = (value: string): boolean => value === '' || (isNumber(value) && toNumber(value) === 0);

/** Asterisk prints numbers with %.18Lg; doubles carry 15-17 digits, so 15 significant digits here. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** Binding power of each binary operator (ast_expr2.y's %left lines, lowest first). */
const BINARY: Record<string, number> = {
  '?': 1,
  '|': 2,
  '&': 3,
  '=': 4,
  '==': 4,
  '!=': 4,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  ':': 8,
  '=~': 8,
};
const UNARY_POWER = 7;
/** Deepest nesting of parentheses and unary operators: a hostile value cannot exhaust the stack. */
const MAX_DEPTH = 200;

/**
 * Evaluates an expression (already `${}`-substituted). A syntax error gives "" and a warning;
 * a non-numeric operand, a division by zero or a bad regex a warning and ast_expr2's result.
 */
export function evaluateExpression(text: string, warn: ExpressionWarn): string {
  const tokens = tokenize(text);
  if (tokens.length === 0) return '';
  let at = 0;
  let depth = 0;
  const peek = (): Token | undefined => tokens[at];

  const primary = (): string => {
    if (++depth > MAX_DEPTH) throw new ExpressionSyntaxError(`nested deeper than ${MAX_DEPTH}`);
    try {
      return primaryAt();
    } finally {
      depth--;
    }
  };

  const primaryAt = (): string => {
    const token = tokens[at++];
    if (!token) throw new ExpressionSyntaxError('unexpected end of expression');
    if (token.kind === 'value') return token.text;
    if (token.op === '(') {
      const value = parse(0);
      const close = tokens[at++];
      if (!isOp(close, ')')) throw new ExpressionSyntaxError('missing ")"');
      return value;
    }
    if (token.op === '!' || token.op === '-') {
      const operand = parse(UNARY_POWER);
      if (token.op === '!') return isZeroOrNull(operand) ? '1' : '0';
      if (!isNumber(operand)) {
        warn('non-numeric argument');
        return '0';
      }
      return formatNumber(-toNumber(operand));
    }
    throw new ExpressionSyntaxError(`unexpected "${token.op}"`);
  };

  const parse = (minPower: number): string => {
    let left = primary();
    for (;;) {
      const token = peek();
      if (token?.kind !== 'op') {
        if (token) throw new ExpressionSyntaxError(`unexpected "${token.text}"`);
        return left;
      }
      const power = BINARY[token.op];
      if (power === undefined || power <= minPower) {
        if (power === undefined && token.op !== ')' && token.op !== '::')
          throw new ExpressionSyntaxError(`unexpected "${token.op}"`);
        return left;
      }
      at++;
      if (token.op === '?') {
        const ifTrue = parse(power);
        const separator = tokens[at++];
        if (!isOp(separator, '::')) throw new ExpressionSyntaxError('"?" without "::"');
        const ifFalse = parse(power);
        left = isZeroOrNull(left) ? ifFalse : ifTrue;
        continue;
      }
      const right = parse(power);
      left = binary(token.op, left, right, warn);
    }
  };

  try {
    const value = parse(0);
    if (at < tokens.length) throw new ExpressionSyntaxError('unexpected text after the expression');
    return value;
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    warn(`syntax error in $[${text}]: ${error.message}`);
    return '';
  }
}

function binary(op: string, left: string, right: string, warn: ExpressionWarn): string {
  switch (op) {
    case '|':
      return isZeroOrNull(left) ? right : left;
    case '&':
      return isZeroOrNull(left) || isZeroOrNull(right) ? '0' : left;
    case '=':
    case '==':
    case '!=':
    case '<':
    case '>':
    case '<=':
    case '>=':
      return compare(op, left, right) ? '1' : '0';
    case ':':
    case '=~':
      return regexMatch(left, right, op === ':', warn);
    default:
      return arithmetic(op, left, right, warn);
  }
}

function compare(op: string, left: string, right: string): boolean {
  const numeric = isNumber(left) && isNumber(right);
  const a: number | string = numeric ? toNumber(left) : left;
  const b: number | string = numeric ? toNumber(right) : right;
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

function arithmetic(op: string, left: string, right: string, warn: ExpressionWarn): string {
  const leftOk = isNumber(left);
  const rightOk = isNumber(right);
  const a = leftOk ? toNumber(left) : 0;
  const b = rightOk ? toNumber(right) : 0;
  if (!leftOk || !rightOk) warn('non-numeric argument');
  switch (op) {
    case '+':
      // op_plus/op_minus: a non-numeric side counts as absent (0).
      return formatNumber(a + b);
    case '-':
      return formatNumber(a - b);
    case '*':
      return leftOk && rightOk ? formatNumber(a * b) : '0';
    case '/':
      if (!leftOk) return '0';
      if (!rightOk) return String(INT_MAX);
      if (b === 0) {
        warn('division by zero');
        return String(INT_MAX);
      }
      return formatNumber(a / b);
    default:
      if (!leftOk || !rightOk) return '0';
      if (b === 0) {
        warn('div by zero');
        return left;
      }
      return formatNumber(a % b);
  }
}

/**
 * `string : regex` (anchored at the start) and `string =~ regex` (anywhere), POSIX extended
 * syntax read as a JavaScript regex: the first group's text when the regex has a group ("" when
 * it does not match), else the length of the match (0).
 */
function regexMatch(subject: string, source: string, anchored: boolean, warn: ExpressionWarn): string {
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (error) {
    warn(`regex "${source}" does not compile: ${(error as Error).message}`);
    return '';
  }
  const match = regex.exec(subject);
  const groups = countGroups(source);
  if (!match || (anchored && match.index !== 0)) return groups > 0 ? '' : '0';
  if (groups > 0) return match[1] ?? '';
  return String(match[0].length);
}

function countGroups(source: string): number {
  return new RegExp(`${source}|`).exec('')!.length - 1;
}
