export { DialplanCode, DialplanErrorCode, DialplanVariable, type DialplanWarning } from './errors.js';
export { evaluateExpression } from './expression.js';
export { type ExtenFromUriOptions, extenFromUri } from './exten-from-uri.js';
export { type LoadDialplanOptions, type LoadedDialplan, loadDialplan, loadDialplanFile } from './load.js';
export { type Context, Dialplan, type Extension, type Step } from './model.js';
export { compareExtensions, extensionMatches, isPattern } from './pattern.js';
export type { DialplanInbound, RunOutcome } from './run.js';
export type { DialplanSend, DialplanSendMessage, DialplanSendOptions } from './run-state.js';
export {
  createDialplanRunner,
  type DialplanRunner,
  type DialplanRunnerOptions,
  type DialplanRunnerStats,
} from './runner.js';
/** The applications and functions this package implements (for docs and `messagesend verify`). */
export { SUPPORTED_APPS, SUPPORTED_FUNCTIONS } from './supported.js';
