/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { type Logger, sanitizeRemoteText } from '@messagesend/core';
import { where } from './apps/basic.js';
import { runApp } from './apps/registry.js';
import { DialplanCode } from './errors.js';
import { RunMessage } from './message-vars.js';
import type { Dialplan } from './model.js';
import type { DialplanSend, RunLimits, RunState } from './run-state.js';
import { substitute } from './substitute.js';

/** A received message handed to the dialplan, with the context and exten its technology gives it. */
export interface DialplanInbound {
  context: string;
  /** The extension; empty or missing means `s` (as for XMPP). */
  exten?: string;
  message: { body: string; from?: string; to?: string; data?: Record<string, string> };
  /** Channel variables set before the run (for example `XMPP_BUDDY`). */
  variables?: Record<string, string>;
}

/** How a run ended. */
export type RunOutcome = 'completed' | 'hangup' | 'error' | 'loop-guard' | 'timeout';

export interface RunOptions {
  dialplan: Dialplan;
  send: DialplanSend;
  logger: Logger;
  limits: RunLimits;
  maxPriorities: number;
  signal: AbortSignal;
}

/**
 * Runs `context,exten,1` for one message, as Asterisk's dialplan message handler does: step by
 * step until the extension has no next priority, Hangup, an error, the loop guard
 * (`maxPriorities` steps) or the run's deadline. Never throws.
 */
export async function runDialplan(inbound: DialplanInbound, options: RunOptions): Promise<RunOutcome> {
  const received = inbound.message;
  const message = new RunMessage(received.body ?? '', received.from ?? '', received.to ?? '');
  for (const [name, value] of Object.entries(received.data ?? {}))
    if (typeof value === 'string') message.set(name, value, false);
  let outcome: RunOutcome | undefined;
  const state: RunState = {
    dialplan: options.dialplan,
    context: inbound.context,
    exten: inbound.exten || 's',
    priority: 1,
    variables: new Map(Object.entries(inbound.variables ?? {})),
    message,
    frames: [],
    jumped: false,
    ended: false,
    signal: options.signal,
    send: options.send,
    logger: options.logger,
    limits: options.limits,
    warn(code, text) {
      // Messages quote values that may come from the network: one safe line each.
      options.logger.warn(`dialplan: ${sanitizeRemoteText(text)}`, { code, ...where(state) });
    },
    fail(code, text) {
      options.logger.error(`dialplan: ${sanitizeRemoteText(text)}`, { code, ...where(state) });
      state.ended = true;
      outcome = 'error';
    },
  };
  let executed = 0;
  let arrivedByJump = false;
  try {
    while (!state.ended) {
      if (options.signal.aborted) return 'timeout';
      const found = options.dialplan.find(state.context, state.exten, state.priority);
      if (!found) {
        if (arrivedByJump) state.warn(DialplanCode.NoPriority, 'jumped to a priority that does not exist');
        return 'completed';
      }
      if (executed >= options.maxPriorities) {
        state.fail(
          DialplanCode.LoopGuard,
          `over ${options.maxPriorities} priorities for one message (a loop?); run ended`,
        );
        return 'loop-guard';
      }
      executed++;
      state.step = found.step;
      state.jumped = false;
      const data = substitute(found.step.data, state);
      await runApp(found.step.app, data, state);
      arrivedByJump = state.jumped;
      if (!state.jumped) state.priority++;
    }
  } catch (error) {
    state.fail(
      DialplanCode.BadArgument,
      `application ${state.step?.app}() failed: ${(error as Error)?.message}`,
    );
  }
  if (options.signal.aborted && outcome === undefined) return 'timeout';
  return outcome ?? 'hangup';
}
