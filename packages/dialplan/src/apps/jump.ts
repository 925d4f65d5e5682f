/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { isTrue, splitArgs, splitCondition } from '../args.js';
import { DialplanCode, DialplanVariable } from '../errors.js';
import type { RunState } from '../run-state.js';
import type { DialplanApp } from './types.js';

/** Most Gosub frames one run may hold (Asterisk's stack is bounded too). */
const MAX_FRAMES = 100;

/**
 * Moves to `[[context,]exten,]priority` (priority a number or a label), as Goto does. A target
 * that does not exist ends the run with a warning, as Asterisk hangs the channel up.
 */
export function jump(target: string, state: RunState): boolean {
  const parts = splitArgs(target).map((part) => part.trim());
  if (parts.length === 0 || parts.length > 3 || parts.some((part) => part === '')) {
    state.fail(DialplanCode.BadArgument, `bad jump target "${target}": expected [[context,]exten,]priority`);
    return false;
  }
  const priority = parts[parts.length - 1]!;
  const exten = parts.length >= 2 ? parts[parts.length - 2]! : state.exten;
  const context = parts.length === 3 ? parts[0]! : state.context;
  let number: number | undefined;
  if (/^\d+$/.test(priority)) number = Number(priority);
  else number = state.dialplan.find(context, exten, priority)?.step.priority;
  if (number === undefined || number < 1 || !state.dialplan.find(context, exten, number)) {
    state.fail(DialplanCode.NoPriority, `jump to ${context},${exten},${priority}: no such priority or label`);
    return false;
  }
  state.context = context;
  state.exten = exten;
  state.priority = number;
  state.jumped = true;
  return true;
}

export const Goto: DialplanApp = (data, state) => {
  jump(data, state);
};

/** GotoIf(condition?[labeliftrue][:labeliffalse]): an empty branch goes on to the next priority. */
export const GotoIf: DialplanApp = (data, state) => {
  const { condition, ifTrue, ifFalse } = splitCondition(data);
  if (!data.includes('?')) {
    state.warn(DialplanCode.BadArgument, 'GotoIf requires condition?labeliftrue:labeliffalse');
    return;
  }
  const target = isTrue(condition) ? ifTrue : (ifFalse ?? '');
  if (target.trim() !== '') jump(target, state);
};

/** Gosub([[context,]exten,]priority[(arg1,...)]): ARGn set for the subroutine, Return comes back. */
export const Gosub: DialplanApp = (data, state) => {
  if (state.frames.length >= MAX_FRAMES) {
    state.fail(DialplanCode.LoopGuard, `Gosub nesting over ${MAX_FRAMES}; run ended`);
    return;
  }
  const open = data.indexOf('(');
  const target = open < 0 ? data : data.slice(0, open);
  const args =
    open < 0
      ? []
      : splitArgs(data.slice(open + 1, data.lastIndexOf(')') > open ? data.lastIndexOf(')') : data.length));
  const frame = {
    context: state.context,
    exten: state.exten,
    priority: state.priority + 1,
    args: saveArgs(state),
  };
  if (!jump(target, state)) return;
  state.frames.push(frame);
  for (const name of frame.args.keys()) state.variables.delete(name);
  for (const [index, value] of args.entries()) state.variables.set(`ARG${index + 1}`, value);
};

/** Return([value]): sets GOSUB_RETVAL and goes back after the Gosub. */
export const Return: DialplanApp = (data, state) => {
  const frame = state.frames.pop();
  if (!frame) {
    state.fail(DialplanCode.BadArgument, 'Return without Gosub; run ended');
    return;
  }
  state.variables.set(DialplanVariable.GosubReturnValue, data);
  for (const name of [...state.variables.keys()]) if (/^ARG\d+$/.test(name)) state.variables.delete(name);
  for (const [name, value] of frame.args) if (value !== undefined) state.variables.set(name, value);
  state.context = frame.context;
  state.exten = frame.exten;
  // Back to the step after the Gosub as an ordinary next step: without one the run just ends.
  state.priority = frame.priority - 1;
};

function saveArgs(state: RunState): Map<string, string | undefined> {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of state.variables) if (/^ARG\d+$/.test(name)) saved.set(name, value);
  return saved;
}
