import { pjsip } from './pjsip.js';

export default pjsip;
export { type ParsedPjsipConf, parsePjsipConf } from './config/parse-conf.js';
export type {
  IdentifierName,
  IdentifyMethod,
  PjsipAor,
  PjsipAuth,
  PjsipConfig,
  PjsipEndpoint,
  PjsipGlobal,
  PjsipIdentify,
  PjsipRegistration,
  PjsipSkippedSection,
  PjsipTransport,
} from './config/types.js';
export { classifyDestination, type DestinationForm, type PjsipTarget } from './destination.js';
export { PjsipErrorCode, PjsipReason } from './errors.js';
export { type PjsipExplanation, type PjsipOptions, type PjsipTech, pjsip } from './pjsip.js';
export { DEFAULT_OUTBOUND_ENDPOINT } from './resolve.js';
