export { DIGEST_ALGORITHMS, type DigestAlgorithm } from './auth/algorithms.js';
export { type DigestParams, parseDigestHeader, quote } from './auth/challenge.js';
export {
  authorize,
  chooseChallenge,
  type DigestCredentials,
  type DigestInput,
  digestResponse,
} from './auth/digest.js';
export { digestRefusal } from './auth/digest-answer.js';
export {
  DEFAULT_MAX_TRACKED_NONCES,
  DEFAULT_NONCE_LIFETIME_MS,
  type DigestRequest,
  DigestServer,
  type DigestServerOptions,
  type DigestVerdict,
} from './auth/digest-server.js';
export {
  type DataHeaderRules,
  type DataHeaders,
  dataHeaders,
  fullHeaderName,
  STACK_SET_HEADERS,
} from './data-headers.js';
export { deliveryReport } from './delivery.js';
export { type DnsResolver, type LocateOptions, type LocateResult, locate, orderSrv } from './dns/locate.js';
export { isBindError, SipErrorCode, SipInbound, type SipInboundCode, SipReason } from './errors.js';
export { newBranch, newCallId, newTag } from './ids.js';
export { DEFAULT_LIMITS, type InboundLimits } from './inbound/limits.js';
export type { InboundStats } from './inbound/stats.js';
export { answerOtherMethods, dispositionResponse } from './inbound-answers.js';
export { type LazyStack, lazyStack, stackStartTimedOut } from './lazy-stack.js';
export { type ChanSipFrom, printChanSipFrom, printChanSipTo } from './printers/chan-sip.js';
export { printPjsipNameAddr, printPjsipRequestUri } from './printers/pjsip.js';
export { type ContactEntry, parseContactList } from './registrar/contact-list.js';
export {
  applyRegister,
  DEFAULT_MAX_AORS,
  DEFAULT_MAX_CONTACTS,
  type ParsedRegister,
  parseRegister,
  type RegisterPolicy,
} from './registrar/register.js';
export { type Binding, MemoryRegistrationStore, type RegistrationStore } from './registrar/store.js';
export { type BuildRequestInput, buildRequest } from './request.js';
export {
  type Dispatch,
  type SendHandle,
  type SendOutcome,
  type SendRequestOptions,
  UDP_SIZE_LIMIT,
} from './send-request.js';
export { DEFAULT_STACK_CLOSE_GRACE_MS } from './send-tracker.js';
export {
  type RequestHandler,
  type ResponseSpec,
  reasonPhrase,
  type SipStack,
  type SipStackOptions,
  startSipStack,
  type TransportSpec,
} from './stack.js';
export { techOutcome } from './tech-outcome.js';
export { DEFAULT_TIMERS, type SipTimers } from './transaction/timers.js';
export { checkSipServerIdentity, sipDomainIdentities } from './transport/sip-identity.js';
export type { BoundAddress } from './transport/transport.js';
export { formatVia } from './via.js';
export {
  assertSafeHeader,
  assertSafeToken,
  canonicalHeaderName,
  findHeader,
  findHeaders,
  type HeaderField,
} from './wire/headers.js';
export type {
  Endpoint,
  IncomingMessage,
  IncomingRequest,
  IncomingResponse,
  OutgoingRequest,
  TransportProtocol,
} from './wire/message.js';
export {
  decodeMessage,
  type ReadOptions,
  readMessage,
  type WireProblem,
  type WireResult,
} from './wire/parse.js';
export type {
  SipAuthParams,
  SipNameAddr,
  SipParsedHeaders,
  SipParsedMessage,
  SipVia,
} from './wire/parsed-message.js';
export { printRequest, printResponse } from './wire/print.js';
export { createStreamFramer, type FramingError } from './wire/stream-framer.js';
