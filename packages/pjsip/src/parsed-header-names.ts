import { fullHeaderName } from '@messagesend/sip-ua/tech-kit';

/**
 * The headers pjproject parses into typed headers (sip_parser.c init_parser, plus pjsip-simple's
 * Event/Allow-Events and sip_timer's Session-Expires/Min-SE), by lower-case full name, spelled as
 * pjsip names them. A parsed header carries this name whatever was received (`f`, `from`, `FROM`),
 * and res_pjsip_messaging's headers_to_vars stores it under that name. Other headers keep the name
 * as received (pjsip's generic string header), so `s` stays `s`.
 */
const PJSIP_PARSED: Readonly<Record<string, string>> = {
  accept: 'Accept',
  allow: 'Allow',
  'allow-events': 'Allow-Events',
  'call-id': 'Call-ID',
  contact: 'Contact',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  cseq: 'CSeq',
  event: 'Event',
  expires: 'Expires',
  from: 'From',
  'max-forwards': 'Max-Forwards',
  'min-expires': 'Min-Expires',
  'min-se': 'Min-SE',
  'record-route': 'Record-Route',
  require: 'Require',
  'retry-after': 'Retry-After',
  route: 'Route',
  'session-expires': 'Session-Expires',
  supported: 'Supported',
  to: 'To',
  unsupported: 'Unsupported',
  via: 'Via',
};

/** The data name of a received header as Asterisk's pjsip stores it (a compact name becomes its full name). */
export function pjsipHeaderName(received: string): string {
  const full = fullHeaderName(received);
  return Object.hasOwn(PJSIP_PARSED, full) ? PJSIP_PARSED[full]! : received;
}
