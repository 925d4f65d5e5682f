import {
  type ConfSection,
  confReader,
  confSectionPlace,
  confValue,
  MsgError,
  parseAsteriskConf,
  type ReadConfSectionOptions,
  readConfSection,
} from '@messagesend/core';
import { ChanSipErrorCode } from '../errors.js';
import { parseRegisterLine } from './register-line.js';
import { AUTHENTICATION, GENERAL, PEER } from './schema.js';
import { securityWarnings } from './security-warnings.js';
import type { SipConfig, SipCredential, SipGeneral } from './types.js';

export interface ParsedSipConf {
  config: SipConfig;
  warnings: string[];
}

/** Reads sip.conf text into a SipConfig: [general], [authentication] and peer/friend/user sections. */
export function parseSipConf(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ParsedSipConf {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const read: ReadConfSectionOptions = { errorCode: ChanSipErrorCode.Config, warnings };
  const config: SipConfig = { peers: {}, authentication: [], registrations: [], skipped: [] };
  const peerPlaces: Record<string, string> = {};
  for (const section of conf.sections) {
    const name = section.name.toLowerCase();
    const type =
      name === 'general' || name === 'authentication'
        ? name
        : (confValue(section, 'type') ?? '').toLowerCase();
    if (
      type !== 'general' &&
      type !== 'authentication' &&
      type !== 'peer' &&
      type !== 'friend' &&
      type !== 'user'
    ) {
      warnings.push(`${confSectionPlace(section)}: no type=peer|friend|user; ignored`);
      continue;
    }
    try {
      if (type === 'general') {
        config.general = readGeneral(section, read);
        readRegisterLines(section, config, warnings);
      } else if (type === 'authentication') {
        for (const value of readConfSection(section, AUTHENTICATION, read).auth ?? [])
          config.authentication!.push(readCredential(section, value));
      } else {
        config.peers![section.name] = readConfSection(section, PEER, read);
        peerPlaces[section.name] = confSectionPlace(section);
      }
    } catch (error) {
      // As chan_sip: a peer that fails to build is left out with a warning, the rest loads.
      // [general] decides what we listen on (bindaddr): without it we would bind 0.0.0.0, so it still refuses the file.
      if (!(error instanceof MsgError) || error.code !== ChanSipErrorCode.Config || type === 'general')
        throw error;
      const place = confSectionPlace(section);
      warnings.push(`${place}: section skipped: ${error.message}`);
      config.skipped!.push({ type, name: section.name, place, reason: error.message });
    }
  }
  warnings.push(...securityWarnings(config, peerPlaces));
  return { config, warnings };
}

function readGeneral(section: ConfSection, read: ReadConfSectionOptions): SipGeneral {
  const { bindAddr, udpBindAddr, bindPort, ...rest } = readConfSection(section, GENERAL, read);
  const general: SipGeneral = {};
  // bindaddr=host:port gives the port too, unless bindport says otherwise.
  const bind = udpBindAddr ?? bindAddr;
  if (bind?.includes(':') && !bind.includes('::')) {
    const [host, port] = bind.split(':');
    general.bindAddr = host!;
    general.bindPort = Number(port);
  } else if (bind !== undefined) general.bindAddr = bind;
  if (bindPort !== undefined) general.bindPort = bindPort;
  return { ...general, ...rest };
}

/** `register =>` lines; a line chan_sip refuses is skipped with a warning naming file and line. */
function readRegisterLines(section: ConfSection, config: SipConfig, warnings: string[]): void {
  for (const entry of section.entries) {
    if (entry.key.toLowerCase() !== 'register') continue;
    const parsed = parseRegisterLine(entry.value);
    if (typeof parsed !== 'string') {
      config.registrations!.push(parsed);
      continue;
    }
    const place = `${entry.file}:${entry.line} [${section.name}]`;
    warnings.push(`${place}: register line skipped: ${parsed}`);
    config.skipped!.push({ type: 'register', name: `register@${entry.line}`, place, reason: parsed });
  }
}

/** `auth=user:secret@realm` (an md5 secret `user#hash@realm` is not supported). */
function readCredential(section: ConfSection, value: string): SipCredential {
  const match = /^([^:#@]+):(.*)@([^@]+)$/.exec(value.trim());
  if (!match)
    throw confReader(section, ChanSipErrorCode.Config).error(
      'auth',
      `expected user:secret@realm, got "${value}"`,
    );
  return { user: match[1]!, secret: match[2]!, realm: match[3]! };
}
