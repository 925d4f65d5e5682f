/**
 * Layer 2 of sip-ua: the small kit a SIP technology (pjsip:, sip:, or a third party's) is built
 * from. The RFC mechanics underneath are the package's main entry.
 */
export {
  type DataHeaderFields,
  DataHeaderRejection,
  type DataHeaderRejectionReason,
  type DataHeaderRules,
  type DataHeaders,
  dataHeaders,
  fullHeaderName,
  STACK_SET_HEADERS,
} from './data-headers.js';
export { deliveryReport } from './delivery.js';
export { DESTINATION_MEMO_LIMIT, memoByDestination } from './destination-memo.js';
export { answerOtherMethods, dispositionResponse, withServerHeader } from './inbound-answers.js';
export { type LazyStack, lazyStack, stackStartTimedOut } from './lazy-stack.js';
export { contactAtSource, registerAtSource } from './nat-contact.js';
export type { SipTechOptions } from './sip-tech-options.js';
export {
  type Deliver,
  type DispatchOptions,
  type SipTechRuntime,
  type SipTechRuntimeOptions,
  type StackForSend,
  sipTechRuntime,
} from './sip-tech-runtime.js';
export { TECH_OUTCOME, techOutcome } from './tech-outcome.js';
