import type { LogFields, Logger } from '@messagesend/core';
import { RunMessage } from '../src/message-vars.js';
import { Dialplan } from '../src/model.js';
import type { DialplanSend, RunState } from '../src/run-state.js';

export interface LogLine {
  level: keyof Logger;
  message: string;
  fields?: LogFields;
}

/** A logger that keeps what it is told, for assertions. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: keyof Logger) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, ...(fields && { fields }) });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A run state for unit tests of substitution, functions and applications. */
export function testState(
  options: { variables?: Record<string, string>; dialplan?: Dialplan; send?: DialplanSend } = {},
): RunState & { logger: ReturnType<typeof recordingLogger> } {
  const logger = recordingLogger();
  const state: RunState & { logger: ReturnType<typeof recordingLogger> } = {
    dialplan: options.dialplan ?? new Dialplan(),
    context: 'messages',
    exten: '1000',
    priority: 3,
    variables: new Map(Object.entries(options.variables ?? {})),
    message: new RunMessage('hello', 'sip:alice@example.com', 'sip:1000@example.com'),
    frames: [],
    jumped: false,
    ended: false,
    signal: new AbortController().signal,
    send: options.send ?? (async () => ({ status: 'SUCCESS' })),
    logger,
    limits: { maxValueLength: 1 << 20, maxWaitMs: 50 },
    warn(code, message) {
      logger.warn(message, { code });
    },
    fail(code, message) {
      logger.error(message, { code });
      state.ended = true;
    },
  };
  return state;
}

/** The codes of the warnings and errors logged so far. */
export function loggedCodes(state: { logger: { lines: LogLine[] } }): unknown[] {
  return state.logger.lines.filter((l) => l.level !== 'info').map((l) => l.fields?.code);
}
