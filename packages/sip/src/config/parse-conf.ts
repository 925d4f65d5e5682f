import {
  type ConfReader,
  type ConfSection,
  confReader,
  confValue,
  confValues,
  parseAsteriskConf,
} from '@messagesend/core';
import { SipTechErrorCode } from '../errors.js';
import { securityWarnings } from './security-warnings.js';
import type { SipConfig, SipCredential, SipGeneral, SipPeerConfig } from './types.js';

export interface ParsedSipConf {
  config: SipConfig;
  warnings: string[];
}

const GENERAL = new Set([
  'bindaddr',
  'bindport',
  'udpbindaddr',
  'tcpenable',
  'tcpbindaddr',
  'callerid',
  'fromdomain',
  'srvlookup',
  'useragent',
  'accept_outofcall_message',
  'auth_message_requests',
  'context',
  'messagecontext',
  'outofcall_message_context',
  'allowguest',
  'transport',
  'realm',
]);
const PEER = new Set([
  'type',
  'host',
  'port',
  'defaultuser',
  'username',
  'secret',
  'fromuser',
  'fromdomain',
  'callerid',
  'transport',
  'outboundproxy',
  'usereqphone',
  'insecure',
  'context',
  'messagecontext',
  'qualify',
  'nat',
  'canreinvite',
  'directmedia',
  'allow',
  'disallow',
  'dtmfmode',
  'mailbox',
  'call-limit',
  'language',
  'defaultip',
]);

/** Reads sip.conf text into a SipConfig: [general], [authentication] and peer/friend/user sections. */
export function parseSipConf(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ParsedSipConf {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const config: SipConfig = { peers: {}, authentication: [] };
  const peerPlaces: Record<string, string> = {};
  for (const section of conf.sections) {
    const name = section.name.toLowerCase();
    const read = confReader(section, SipTechErrorCode.Config);
    if (name === 'general') {
      warnUnknown(section, GENERAL, 'general', warnings);
      config.general = readGeneral(read);
    } else if (name === 'authentication') {
      for (const value of confValues(section, 'auth'))
        config.authentication!.push(readCredential(value, read));
    } else {
      const type = (confValue(section, 'type') ?? '').toLowerCase();
      if (type !== 'peer' && type !== 'friend' && type !== 'user') {
        warnings.push(`${section.file}:${section.line} [${section.name}]: no type=peer|friend|user; ignored`);
        continue;
      }
      warnUnknown(section, PEER, 'peer', warnings);
      config.peers![section.name] = readPeer(type, read);
      peerPlaces[section.name] = `${section.file}:${section.line} [${section.name}]`;
    }
  }
  warnings.push(...securityWarnings(config, peerPlaces));
  return { config, warnings };
}

function warnUnknown(section: ConfSection, known: Set<string>, kind: string, warnings: string[]): void {
  for (const entry of section.entries) {
    if (!known.has(entry.key.toLowerCase()))
      warnings.push(
        `${entry.file}:${entry.line} [${section.name}]: unknown ${kind} option "${entry.key}" kept and ignored`,
      );
  }
}

type Reader = ConfReader;

const port = (read: Reader, key: string): number | undefined => read.int(key, { min: 0, max: 65535 });

function readGeneral(read: Reader): SipGeneral {
  const general: SipGeneral = {};
  const set = <K extends keyof SipGeneral>(key: K, value: SipGeneral[K] | undefined): void => {
    if (value !== undefined) general[key] = value;
  };
  const bind = read.text('udpbindaddr') ?? read.text('bindaddr');
  if (bind?.includes(':') && !bind.includes('::')) {
    const [host, port] = bind.split(':');
    set('bindaddr', host);
    set('bindport', Number(port));
  } else set('bindaddr', bind);
  set('bindport', port(read, 'bindport') ?? general.bindport);
  set('tcpenable', read.bool('tcpenable'));
  set('callerid', read.text('callerid'));
  set('fromdomain', read.text('fromdomain'));
  set('srvlookup', read.bool('srvlookup'));
  set('useragent', read.text('useragent'));
  set('acceptOutOfCallMessage', read.bool('accept_outofcall_message'));
  set('authMessageRequests', read.bool('auth_message_requests'));
  set('context', read.text('context'));
  set('messagecontext', read.text('messagecontext'));
  set('realm', read.text('realm'));
  return general;
}

function readPeer(type: SipPeerConfig['type'], read: Reader): SipPeerConfig {
  const peer: SipPeerConfig = { type };
  const set = <K extends keyof SipPeerConfig>(key: K, value: SipPeerConfig[K] | undefined): void => {
    if (value !== undefined) peer[key] = value;
  };
  set('host', read.text('host'));
  set('port', port(read, 'port'));
  set('defaultuser', read.text('defaultuser'));
  set('username', read.text('username'));
  set('secret', read.text('secret'));
  set('fromuser', read.text('fromuser'));
  set('fromdomain', read.text('fromdomain'));
  set('callerid', read.text('callerid'));
  const transport = read.text('transport')?.split(',')[0]?.trim().toLowerCase();
  if (transport !== undefined) {
    if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls')
      throw read.error('transport', `"${transport}" is not udp, tcp or tls`);
    peer.transport = transport;
  }
  set('outboundproxy', read.text('outboundproxy'));
  set('usereqphone', read.bool('usereqphone'));
  set('insecure', read.text('insecure'));
  set('context', read.text('context'));
  set('messagecontext', read.text('messagecontext'));
  return peer;
}

/** `auth=user:secret@realm` (an md5 secret `user#hash@realm` is not supported). */
function readCredential(value: string, read: Reader): SipCredential {
  const match = /^([^:#@]+):(.*)@([^@]+)$/.exec(value.trim());
  if (!match) throw read.error('auth', `expected user:secret@realm, got "${value}"`);
  return { user: match[1]!, secret: match[2]!, realm: match[3]! };
}
