/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { DialplanCode } from './errors.js';
import { evaluateExpression } from './expression.js';
import { callFunction } from './functions/call.js';
import type { RunState } from './run-state.js';

/**
 * `${VAR}`, `${VAR:offset:length}`, `${FUNC(args)}` and `$[expression]`, nested, as
 * pbx_substitute_variables_helper does it. An unbalanced `${` or `$[` takes the rest of the text
 * (as Asterisk does) and logs a warning. Hand-written: Asterisk's substitution rules.
 */
export function substitute(text: string, state: RunState): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0 || dollar + 1 >= text.length) {
      out += text.slice(i);
      break;
    }
    const kind = text[dollar + 1];
    if (kind !== '{' && kind !== '[') {
      out += text.slice(i, dollar + 1);
      i = dollar + 1;
      continue;
    }
    out += text.slice(i, dollar);
    const open = kind;
    const close = kind === '{' ? '}' : ']';
    let depth = 1;
    let end = dollar + 2;
    while (end < text.length && depth > 0) {
      const c = text[end];
      if (c === open) depth++;
      else if (c === close) depth--;
      if (depth > 0) end++;
    }
    if (depth > 0)
      state.warn(DialplanCode.Substitution, `missing "${close}" in "${text.slice(dollar, dollar + 40)}"`);
    const inner = substitute(text.slice(dollar + 2, end), state);
    out +=
      kind === '{'
        ? resolve(inner, state)
        : evaluateExpression(inner, (m) => state.warn(DialplanCode.Expression, m));
    if (out.length > state.limits.maxValueLength) {
      state.warn(DialplanCode.ValueTooLong, `a value over ${state.limits.maxValueLength} characters was cut`);
      return out.slice(0, state.limits.maxValueLength);
    }
    i = end + 1;
  }
  return out;
}

/** The value of `NAME`, `NAME:offset:length`, `FUNC(args)` or `FUNC(args):offset:length`. */
function resolve(expression: string, state: RunState): string {
  let depth = 0;
  let colon = -1;
  let isFunction = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '(') {
      depth++;
      isFunction = true;
    } else if (c === ')') depth--;
    else if (c === ':' && depth === 0) {
      colon = i;
      break;
    }
  }
  const name = colon < 0 ? expression : expression.slice(0, colon);
  const value = isFunction ? callFunction(name, state) : readVariable(name, state);
  if (colon < 0) return value;
  const [offsetText, lengthText] = expression.slice(colon + 1).split(':');
  return substring(
    value,
    Number.parseInt(offsetText ?? '0', 10) || 0,
    lengthText === undefined ? undefined : Number.parseInt(lengthText, 10) || 0,
  );
}

/** Asterisk's substring rule: a negative offset counts from the end, a negative length leaves that many off the end. */
export function substring(value: string, offset: number, length: number | undefined): string {
  let start = offset < 0 ? Math.max(0, value.length + offset) : Math.min(offset, value.length);
  if (offset >= value.length) start = value.length;
  if (length === undefined) return value.slice(start);
  if (length < 0) return value.slice(start, Math.max(start, value.length + length));
  return value.slice(start, start + length);
}

/** Built-ins, then the run's variables, then [globals]. */
export function readVariable(name: string, state: RunState): string {
  switch (name) {
    case 'EXTEN':
      return state.exten;
    case 'CONTEXT':
      return state.context;
    case 'PRIORITY':
      return String(state.priority);
  }
  return state.variables.get(name) ?? state.dialplan.globals.get(name) ?? '';
}
