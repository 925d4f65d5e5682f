/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { DialplanCode } from '../errors.js';
import type { RunState } from '../run-state.js';
import { execIf, Hangup, Log, NoOp, SetApp, Verbose, Wait } from './basic.js';
import { Gosub, Goto, GotoIf, Return } from './jump.js';
import { MessageSend } from './message-send.js';
import type { DialplanApp } from './types.js';

/** The applications we implement, by lower-case name (Asterisk's are case-insensitive). */
export const APPS = new Map<string, DialplanApp>(
  Object.entries({
    MessageSend,
    Set: SetApp,
    NoOp,
    Verbose,
    Log,
    Goto,
    GotoIf,
    Gosub,
    Return,
    Hangup,
    Wait,
  }).map(([name, app]) => [name.toLowerCase(), app]),
);
APPS.set('execif', execIf(runApp));

export function isKnownApp(name: string): boolean {
  return APPS.has(name.toLowerCase());
}

/** Runs one application; an unknown one ends the run with an error, as a missing application does in Asterisk. */
export async function runApp(name: string, data: string, state: RunState): Promise<void> {
  const app = APPS.get(name.toLowerCase());
  if (!app) {
    state.fail(DialplanCode.UnknownApp, `No application '${name}'; run ended`);
    return;
  }
  await app(data, state);
}
