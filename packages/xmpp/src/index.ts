import { xmpp } from './xmpp.js';

export default xmpp;
export { type ParsedXmppConf, parseXmppConf } from './config/parse-conf.js';
export type { XmppAccountConfig, XmppConfig } from './config/types.js';
export type { XmppTarget } from './destination.js';
export { XmppErrorCode, XmppReason } from './errors.js';
export {
  type XmppOptions,
  type XmppTech,
  type XmppTrace,
  type XmppTraceEvent,
  xmpp,
} from './xmpp.js';
