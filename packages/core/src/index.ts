export { CallbackList, CallbackNode } from './callback-list.js';
export {
  type AsteriskConf,
  type ConfEntry,
  type ConfSection,
  confValue,
  confValues,
  type ParseConfOptions,
  parseAsteriskConf,
  parseAsteriskConfFile,
} from './conf/asterisk-conf.js';
export { type ConfReader, confReader } from './conf/conf-reader.js';
export {
  type AnyConfOption,
  type ConfOption,
  type ConfOptionSpec,
  type ConfOptions,
  type ConfSectionSchema,
  type ConfSectionValues,
  type ConfValueContext,
  checkConfOptionNames,
  confOption,
  confSectionPlace,
  defineConfSection,
  type ReadConfSectionOptions,
  readConfSection,
} from './conf/schema.js';
export { isSecretKey, maskConfLine } from './conf/secret-keys.js';
export { confBoolean, confDurationMs, confInteger } from './conf/values.js';
export {
  createDeadline,
  type DeadlineOwner,
  isDeadlineAbort,
  NEVER_ABORTED,
  type OwnedDeadline,
  onAbort,
  type SendDeadline,
  unwatchDeadline,
  watchDeadline,
  whenDeadlineEnds,
} from './deadline.js';
export { type SplitDestination, splitDestination } from './destination.js';
export { ErrorCode, isMsgError, MsgError, type MsgErrorOptions } from './errors.js';
export { createInflight, type Inflight } from './inflight.js';
export {
  type LogFields,
  type Logger,
  type SerializedError,
  serializeError,
  silentLogger,
  toLogger,
} from './logger.js';
export type {
  DeliveryOutcome,
  DeliveryReport,
  InboundDisposition,
  InboundHandler,
  InboundMessage,
  Message,
  SendOptions,
  SendResult,
} from './message.js';
export type { Failure, Outcome, Success } from './outcome.js';
export { type ParseProblem, type ParseResult, parsed, parseFailure } from './parse-result.js';
export { Reason } from './reasons.js';
export {
  type CloseOptions,
  createRouter,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_TIMEOUT_MS,
  type Router,
  type RouterOptions,
} from './router/create-router.js';
export { createSendsInFlight, type SendsInFlight } from './router/sends-in-flight.js';
export { SendStatus } from './status.js';
export {
  type AnyMessageTech,
  defineTech,
  type ExplainOutcome,
  type Explanation,
  type MessageTech,
  TECH_API_VERSION,
  TECH_NAME_PATTERN,
  type TechCloseOptions,
  type TechExplainInput,
  type TechHost,
  type TechSendContext,
  type TechSendOutcome,
  type TechSendRequest,
} from './tech.js';
export { REMOTE_TEXT_MAX_LENGTH, sanitizeRemoteText, stripControlChars } from './text/remote-text.js';
export { HEADER_CHARS, isToken, PARAM_CHARS, PASSWORD_CHARS, USER_CHARS } from './uri/chars.js';
export { escapeChars, unescapeChars } from './uri/escape.js';
export { isHostname } from './uri/hostname.js';
export { ipv6Address, isIPv4, isIPv6, isIPv6Reference } from './uri/ip.js';
export { formatJid, type Jid, parseJid } from './uri/jid.js';
export { formatNameAddr, type NameAddr, parseNameAddr, uriScheme } from './uri/name-addr.js';
export {
  type HostType,
  parseSipUri,
  type SipScheme,
  type SipUri,
  type SipUriHeader,
  type SipUriParam,
} from './uri/sip-uri.js';
export { sipUriEquals } from './uri/sip-uri-equals.js';
export { type FormatSipUriOptions, formatSipUri, getUriParam } from './uri/sip-uri-format.js';
