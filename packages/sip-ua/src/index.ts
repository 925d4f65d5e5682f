/**
 * Layer 1 of sip-ua, the RFC mechanics: transports, non-INVITE transactions, digest, RFC 3263
 * location, wire parsing and printing, the registrar store, inbound limits. The kit a SIP
 * technology is built from is `@messagesend/sip-ua/tech-kit`.
 */
export { DIGEST_ALGORITHMS, type DigestAlgorithm } from './mechanics/auth/algorithms.js';
export { type DigestParams, parseDigestHeader } from './mechanics/auth/challenge.js';
export {
  authorize,
  chooseChallenge,
  type DigestCredentials,
  type DigestInput,
  digestResponse,
} from './mechanics/auth/digest.js';
export { digestRefusal } from './mechanics/auth/digest-answer.js';
export {
  type DigestRequest,
  DigestServer,
  type DigestServerOptions,
  type DigestVerdict,
  digestRejected,
} from './mechanics/auth/digest-server.js';
export {
  type DnsResolver,
  type LocateOptions,
  type LocateResult,
  locate,
  orderSrv,
  uriTransport,
} from './mechanics/dns/locate.js';
export {
  DigestRejection,
  type DigestRejectionReason,
  isBindError,
  LocateFailure,
  type LocateFailureReason,
  SipErrorCode,
  SipInbound,
  type SipInboundCode,
  SipReason,
} from './mechanics/errors.js';
export { newBranch } from './mechanics/ids.js';
export { DEFAULT_LIMITS, type InboundLimits } from './mechanics/inbound/limits.js';
export type { InboundStats } from './mechanics/inbound/stats.js';
export {
  type ContactEntry,
  type ContactList,
  parseContactList,
  type RejectedContact,
} from './mechanics/registrar/contact-list.js';
export {
  applyRegister,
  DEFAULT_MAX_AORS,
  DEFAULT_MAX_CONTACTS,
  type ParsedRegister,
  parseRegister,
  type RegisterPolicy,
} from './mechanics/registrar/register.js';
export {
  type Binding,
  MemoryRegistrationStore,
  type RegistrationStore,
} from './mechanics/registrar/store.js';
export {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  grantedExpires,
  isTemporary,
  REFRESH_BEFORE_EXPIRY_SEC,
  type RegisteringStack,
  type RegisterSender,
  type RegistrationClient,
  type RegistrationClientOptions,
  type RegistrationEntry,
  type RegistrationSet,
  type RegistrationState,
  type RegistrationStatus,
  type RetryDecision,
  type RetryPolicy,
  registrationClient,
  registrationSet,
} from './mechanics/registration-client/index.js';
export { type BuildRequestInput, buildRequest } from './mechanics/request.js';
export { DEFAULT_STACK_CLOSE_GRACE_MS } from './mechanics/send/send-tracker.js';
export type {
  Dispatch,
  MappedSend,
  SendHandle,
  SendMapping,
  SendOutcome,
  SendRequestOptions,
} from './mechanics/send/send-types.js';
export type { TransportSpec } from './mechanics/stack/bind-transports.js';
export type { RequestHandler, ResponseSpec } from './mechanics/stack/request-handler.js';
export { type SipStack, type SipStackOptions, startSipStack } from './mechanics/stack/stack.js';
export type { PacingOptions } from './mechanics/transaction/pacing.js';
export type { SipTimers } from './mechanics/transaction/timers.js';
export { checkSipServerIdentity, sipDomainIdentities } from './mechanics/transport/sip-identity.js';
export type { BoundAddress, SocketBuffers } from './mechanics/transport/transport.js';
export type { WireTrace, WireTraceEvent } from './mechanics/transport/wire-trace.js';
export { formatVia } from './mechanics/via.js';
export { canonicalHeaderName, findHeader, findHeaders, type HeaderField } from './mechanics/wire/headers.js';
export type {
  Endpoint,
  IncomingMessage,
  IncomingRequest,
  IncomingResponse,
  OutgoingRequest,
  TopVia,
  TransportProtocol,
} from './mechanics/wire/message.js';
export { decodeMessage, type WireProblem, type WireResult, type WireSource } from './mechanics/wire/parse.js';
export type {
  SipAuthParams,
  SipNameAddr,
  SipParsedHeaders,
  SipParsedMessage,
  SipVia,
} from './mechanics/wire/parsed-message.js';
export { printRequest, printResponse } from './mechanics/wire/print.js';
export { createStreamFramer, type FramingError } from './mechanics/wire/stream-framer.js';
