/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { isTrue, splitArgs, splitCondition } from '../args.js';
import { DialplanCode } from '../errors.js';
import { readVariable, substitute } from '../substitute.js';
import type { DialplanFunction } from './types.js';

/** LEN(string): its length in bytes (UTF-8), as Asterisk's strlen. */
export const LEN: DialplanFunction = { read: (args) => String(Buffer.byteLength(args, 'utf8')) };

export const TOUPPER: DialplanFunction = { read: (args) => args.toUpperCase() };
export const TOLOWER: DialplanFunction = { read: (args) => args.toLowerCase() };

/** IF(condition?true:false) (func_logic.c). */
export const IF: DialplanFunction = {
  read(args) {
    const { condition, ifTrue, ifFalse } = splitCondition(args);
    return isTrue(condition) ? ifTrue.trim() : (ifFalse ?? '').trim();
  },
};

/** CUT(varname,delimiter,fields): fields like `2`, `2-3`, `2-`, `-2`, `1&3` (func_cut.c). */
export const CUT: DialplanFunction = {
  read(args, state) {
    const [name = '', delimiterArg, fieldsArg = ''] = splitArgs(args);
    // func_cut.c substitutes "${varname}", so the name may itself be a function: CUT(MESSAGE(from),@,1).
    const value = name.includes('(') ? substitute(`\${${name}}`, state) : readVariable(name, state);
    const delimiter = delimiterArg === undefined || delimiterArg === '' ? '-' : delimiterArg[0]!;
    const parts = value.split(delimiter);
    const picked: string[] = [];
    for (const spec of fieldsArg.split('&')) {
      const range = /^(\d*)(-?)(\d*)$/.exec(spec.trim());
      if (!range || (range[1] === '' && range[3] === '' && range[2] === '')) {
        state.warn(DialplanCode.BadArgument, `CUT(): bad field "${spec}"`);
        continue;
      }
      const from = range[1] === '' ? 1 : Number(range[1]);
      const to = range[2] === '' ? from : range[3] === '' ? parts.length : Number(range[3]);
      for (let field = Math.max(1, from); field <= Math.min(to, parts.length); field++)
        picked.push(parts[field - 1]!);
    }
    return picked.join(delimiter);
  },
};

/** REGEX("regex" string): 1 when it matches anywhere, else 0 (func_strings.c). */
export const REGEX: DialplanFunction = {
  read(args, state) {
    const match = /^\s*"((?:[^"\\]|\\.)*)"\s?([\s\S]*)$/.exec(args);
    if (!match) {
      state.warn(DialplanCode.BadArgument, 'REGEX() expects "regex" string');
      return '0';
    }
    try {
      return new RegExp(match[1]!).test(match[2]!) ? '1' : '0';
    } catch (error) {
      state.warn(DialplanCode.Regex, `REGEX(): "${match[1]}" does not compile: ${(error as Error).message}`);
      return '0';
    }
  },
};

/** REPLACE(varname,find-chars[,replace-char]): each find-char becomes replace-char, or is removed without one. */
export const REPLACE: DialplanFunction = {
  read(args, state) {
    const [name = '', find = '', replacement = ''] = splitArgs(args);
    if (find === '') {
      state.warn(DialplanCode.BadArgument, 'REPLACE() needs find-chars');
      return readVariable(name, state);
    }
    const chars = new Set(find);
    const by = replacement.slice(0, 1);
    return [...readVariable(name, state)].map((c) => (chars.has(c) ? by : c)).join('');
  },
};

/** FILTER(allowed-chars,string): keeps the allowed characters; `a-z` ranges, `\xHH`, `\0ooo`, `\t`, `\n`, `\r`, `\-`. */
export const FILTER: DialplanFunction = {
  read(args, state) {
    const comma = args.indexOf(',');
    if (comma < 0) {
      state.warn(DialplanCode.BadArgument, 'FILTER() needs allowed-chars,string');
      return '';
    }
    const allowed = allowedSet(args.slice(0, comma));
    return [...args.slice(comma + 1)].filter((c) => allowed.has(c)).join('');
  },
};

function allowedSet(spec: string): Set<string> {
  const chars: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    let c = spec[i]!;
    if (c === '\\' && spec[i + 1] === 'x' && /^[0-9a-f]{2}$/i.test(spec.slice(i + 2, i + 4))) {
      c = String.fromCharCode(Number.parseInt(spec.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (c === '\\' && spec[i + 1] === '0' && /^[0-7]{3}$/.test(spec.slice(i + 2, i + 5))) {
      c = String.fromCharCode(Number.parseInt(spec.slice(i + 2, i + 5), 8));
      i += 4;
    } else if (c === '\\' && i + 1 < spec.length) {
      const next = spec[++i]!;
      c = next === 't' ? '\t' : next === 'n' ? '\n' : next === 'r' ? '\r' : next;
    }
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      const last = spec.charCodeAt(i + 2);
      for (let code = c.charCodeAt(0); code <= last; code++) chars.push(String.fromCharCode(code));
      i += 2;
    } else chars.push(c);
  }
  return new Set(chars);
}

/** SHIFT(varname[,delimiter]) and POP(varname[,delimiter]): remove and return the first/last item (default `,`). */
function shiftOrPop(first: boolean): DialplanFunction {
  return {
    read(args, state) {
      const [name = '', delimiterArg = ','] = splitArgs(args);
      const delimiter = delimiterArg === '' ? ',' : delimiterArg[0]!;
      const value = readVariable(name, state);
      if (value === '') return '';
      const parts = value.split(delimiter);
      const item = (first ? parts.shift() : parts.pop()) ?? '';
      state.variables.set(name, parts.join(delimiter));
      return item;
    },
  };
}

export const SHIFT = shiftOrPop(true);
export const POP = shiftOrPop(false);
