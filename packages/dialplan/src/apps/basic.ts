/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { sanitizeRemoteText } from '@messagesend/core';
import { isTrue, splitCondition } from '../args.js';
import { DialplanCode } from '../errors.js';
import { writeFunction } from '../functions/call.js';
import { splitApplication } from '../load.js';
import type { RunState } from '../run-state.js';
import type { DialplanApp } from './types.js';

export const NoOp: DialplanApp = () => {};

/** Set(name=value) or Set(FUNC(args)=value); an empty value unsets a variable. `_`/`__` prefixes are dropped. */
export const SetApp: DialplanApp = (data, state) => {
  const eq = data.indexOf('=');
  if (eq < 0) {
    state.warn(DialplanCode.BadArgument, "Set requires an '=' to be a valid assignment");
    return;
  }
  const name = data
    .slice(0, eq)
    .trim()
    .replace(/^_{1,2}/, '');
  const value = data.slice(eq + 1);
  if (name === '') state.warn(DialplanCode.BadArgument, 'Set needs a variable name');
  else if (name.includes('(')) writeFunction(name, value, state);
  else if (value === '') state.variables.delete(name);
  else state.variables.set(name, value);
};

/** Hangup(): ends the run. */
export const Hangup: DialplanApp = (_data, state) => {
  state.ended = true;
};

/** Verbose([level,]message): logged at info, made safe for a log line. */
export const Verbose: DialplanApp = (data, state) => {
  const match = /^\s*(\d+)\s*,([\s\S]*)$/.exec(data);
  state.logger.info(sanitizeRemoteText(match ? match[2]! : data), where(state));
};

/** Log(level,message): ERROR, WARNING, NOTICE, VERBOSE, DEBUG, DTMF, SECURITY mapped to the logger's levels. */
export const Log: DialplanApp = (data, state) => {
  const comma = data.indexOf(',');
  const level = (comma < 0 ? '' : data.slice(0, comma)).trim().toUpperCase();
  const message = sanitizeRemoteText(comma < 0 ? data : data.slice(comma + 1));
  if (level === 'ERROR') state.logger.error(message, where(state));
  else if (level === 'WARNING' || level === 'SECURITY') state.logger.warn(message, where(state));
  else if (level === 'DEBUG' || level === 'DTMF') state.logger.debug(message, where(state));
  else state.logger.info(message, where(state));
};

/** Wait(seconds): bounded by `maxWaitMs` and by the run's deadline. */
export const Wait: DialplanApp = async (data, state) => {
  const seconds = Number(data.trim());
  if (!Number.isFinite(seconds) || seconds < 0) {
    state.warn(DialplanCode.BadArgument, `Wait(${data}): not a number of seconds`);
    return;
  }
  const ms = Math.min(seconds * 1000, state.limits.maxWaitMs);
  if (ms < seconds * 1000) state.warn(DialplanCode.BadArgument, `Wait(${data}) cut to ${ms} ms`);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      state.signal.removeEventListener('abort', done);
      resolve();
    }
    state.signal.addEventListener('abort', done, { once: true });
  });
};

/** ExecIf(condition?App(args)[:App(args)]): runs one application with its (already substituted) arguments. */
export function execIf(run: (app: string, data: string, state: RunState) => Promise<void>): DialplanApp {
  return async (data, state) => {
    const { condition, ifTrue, ifFalse } = splitCondition(data);
    const branch = isTrue(condition) ? ifTrue : ifFalse;
    if (branch === undefined || branch.trim() === '') return;
    const { app, data: args } = splitApplication(branch.trim());
    await run(app, args, state);
  };
}

export function where(state: RunState): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    context: state.context,
    exten: state.exten,
    priority: state.priority,
  };
  if (state.step) Object.assign(fields, { file: state.step.file, line: state.step.line });
  return fields;
}
