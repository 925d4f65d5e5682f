/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { DialplanCode } from '../errors.js';
import type { RunState } from '../run-state.js';
import { FUNCTIONS } from './registry.js';

/** `NAME(args)` split into its name and its argument text (up to the last `)`). */
export function splitCall(call: string): { name: string; args: string } {
  const open = call.indexOf('(');
  const close = call.lastIndexOf(')');
  return { name: call.slice(0, open).trim(), args: call.slice(open + 1, close > open ? close : call.length) };
}

/** Reads `${NAME(args)}`; an unknown function or a write-only one reads as "" with a warning. */
export function callFunction(call: string, state: RunState): string {
  const { name, args } = splitCall(call);
  const fn = FUNCTIONS.get(name.toUpperCase());
  if (!fn?.read) {
    state.warn(DialplanCode.UnknownFunction, `function ${name}() is not implemented; read as ""`);
    return '';
  }
  return fn.read(args, state);
}

/** `Set(NAME(args)=value)`. */
export function writeFunction(call: string, value: string, state: RunState): void {
  const { name, args } = splitCall(call);
  const fn = FUNCTIONS.get(name.toUpperCase());
  if (!fn?.write) {
    state.warn(
      DialplanCode.UnknownFunction,
      `function ${name}() cannot be written (not implemented or read-only)`,
    );
    return;
  }
  fn.write(args, value, state);
}
