import { defineConfSection, confOption as o } from '@messagesend/core';
import { parseSipNat } from './nat.js';

/**
 * The sections of sip.conf messagesend reads, option by option (see the README). Option names are
 * chan_sip's; a field is its camelCase (`to`) where the option name is several words.
 */

const port = (to?: string) => o.integer({ min: 0, max: 65535, ...(to === undefined ? {} : { to }) });

export const GENERAL = defineConfSection('general', {
  /** `host[:port]`; the loader splits it (udpbindaddr wins over bindaddr). */
  bindaddr: o.string({ to: 'bindAddr' }),
  udpbindaddr: o.string({ to: 'udpBindAddr' }),
  bindport: o.integer({ min: 0, max: 65535, to: 'bindPort' }),
  tcpenable: o.boolean({ to: 'tcpEnable' }),
  callerid: o.string({ to: 'callerId' }),
  fromdomain: o.string({ to: 'fromDomain' }),
  srvlookup: o.boolean({ to: 'srvLookup' }),
  useragent: o.string({ to: 'userAgent' }),
  accept_outofcall_message: o.boolean({ to: 'acceptOutOfCallMessage' }),
  auth_message_requests: o.boolean({ to: 'authMessageRequests' }),
  context: o.string(),
  messagecontext: o.string({ to: 'messageContext' }),
  realm: o.string(),
  nat: o.custom(parseSipNat),
  defaultexpiry: o.integer({ min: 1, to: 'defaultExpiry' }),
  registertimeout: o.integer({ min: 1, to: 'registerTimeout' }),
  registerattempts: o.integer({ min: 0, to: 'registerAttempts' }),
  register_retry_403: o.boolean({ to: 'registerRetry403' }),
  /** Read line by line by the loader (register-line.ts). */
  register: o.ignored(),
  tcpbindaddr: o.ignored(),
  outofcall_message_context: o.ignored(),
  allowguest: o.ignored(),
  transport: o.ignored(),
});

export const PEER = defineConfSection('peer', {
  /** peer, friend or user: the loader checks it before reading the section. */
  type: o.custom((value) => value.toLowerCase() as 'peer' | 'friend' | 'user', { required: 'no type=' }),
  host: o.string(),
  port: port(),
  defaultuser: o.string({ to: 'defaultUser' }),
  username: o.string(),
  secret: o.string(),
  fromuser: o.string({ to: 'fromUser' }),
  fromdomain: o.string({ to: 'fromDomain' }),
  callerid: o.string({ to: 'callerId' }),
  /** The first transport listed. */
  transport: o.custom((value, context) => {
    const transport = value.split(',')[0]!.trim().toLowerCase();
    if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls')
      throw context.error(`"${transport}" is not udp, tcp or tls`);
    return transport;
  }),
  outboundproxy: o.string({ to: 'outboundProxy' }),
  usereqphone: o.boolean({ to: 'useReqPhone' }),
  insecure: o.string(),
  context: o.string(),
  messagecontext: o.string({ to: 'messageContext' }),
  qualify: o.ignored(),
  nat: o.custom(parseSipNat),
  canreinvite: o.ignored(),
  directmedia: o.ignored(),
  allow: o.ignored(),
  disallow: o.ignored(),
  dtmfmode: o.ignored(),
  mailbox: o.ignored(),
  'call-limit': o.ignored(),
  language: o.ignored(),
  defaultip: o.ignored(),
  md5secret: o.ignored('not implemented: give the password as secret='),
});

/** `[authentication]`: each `auth=user:secret@realm` (not split at commas: a secret may hold one). */
export const AUTHENTICATION = defineConfSection('authentication', {
  auth: o.list({ split: false }),
});
