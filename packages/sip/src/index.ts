import { sip } from './sip.js';

export default sip;
export type { SipNat } from './config/nat.js';
export { type ParsedSipConf, parseSipConf } from './config/parse-conf.js';
export type { SipRegisterLine } from './config/register-line.js';
export type {
  SipConfig,
  SipCredential,
  SipGeneral,
  SipPeerConfig,
  SipSkippedSection,
} from './config/types.js';
export { parseSipDestination, type SipTarget } from './destination.js';
export { ChanSipErrorCode, ChanSipReason } from './errors.js';
export { type SipExplanation, type SipOptions, type SipTech, sip } from './sip.js';
