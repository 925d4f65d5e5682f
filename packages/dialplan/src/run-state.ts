import type { Logger } from '@messagesend/core';
import type { DialplanCode } from './errors.js';
import type { RunMessage } from './message-vars.js';
import type { Dialplan, Step } from './model.js';

/** What MessageSend hands the caller's `send`. */
export interface DialplanSendOptions {
  from?: string;
  to?: string;
  /** Aborted when the run's time is up. */
  signal: AbortSignal;
}

export interface DialplanSendMessage {
  body: string;
  from?: string;
  to?: string;
  /** Only the variables marked outbound. */
  data?: Record<string, string>;
}

export type DialplanSend = (
  destination: string,
  message: DialplanSendMessage,
  options: DialplanSendOptions,
) => Promise<{ status: string }>;

/** A Gosub frame: where Return goes back to, and the caller's ARGn values. */
export interface Frame {
  context: string;
  exten: string;
  priority: number;
  args: Map<string, string | undefined>;
}

/** The state of one message's run: Asterisk's Message/ast_msg_queue channel. */
export interface RunState {
  readonly dialplan: Dialplan;
  context: string;
  exten: string;
  priority: number;
  /** The step being run, for log lines. */
  step?: Step;
  readonly variables: Map<string, string>;
  readonly message: RunMessage;
  readonly frames: Frame[];
  /** Set by a jump (Goto, GotoIf, Gosub, Return): the next step is not priority + 1. */
  jumped: boolean;
  /** Set by Hangup or an error that ends the run. */
  ended: boolean;
  readonly signal: AbortSignal;
  readonly send: DialplanSend;
  readonly logger: Logger;
  readonly limits: RunLimits;
  /** Logs a warning with the step's file and line; the run goes on. */
  warn(code: DialplanCode, message: string): void;
  /** Logs an error and ends the run. */
  fail(code: DialplanCode, message: string): void;
}

export interface RunLimits {
  /** Longest value substitution may produce; longer ones are cut (with a warning). */
  maxValueLength: number;
  /** Longest Wait(), in milliseconds. */
  maxWaitMs: number;
}
