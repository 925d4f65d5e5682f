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
import { PjsipErrorCode } from '../errors.js';
import { readRegistration } from './registration.js';
import { AOR, AUTH, ENDPOINT, GLOBAL, IDENTIFY, TRANSPORT } from './schema.js';
import { securityWarnings } from './security-warnings.js';
import type { PjsipConfig, PjsipIdentify } from './types.js';

export interface ParsedPjsipConf {
  config: PjsipConfig;
  /** Unknown options and sections, and options read but without effect here, each with file and line. */
  warnings: string[];
}

const TYPES = new Set(['global', 'transport', 'endpoint', 'aor', 'auth', 'identify', 'registration']);

/** Reads pjsip.conf text (templates, includes, same-named endpoint and AOR sections) into a PjsipConfig. */
export function parsePjsipConf(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ParsedPjsipConf {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const read: ReadConfSectionOptions = { errorCode: PjsipErrorCode.Config, warnings };
  const config: PjsipConfig = {
    transports: {},
    endpoints: {},
    aors: {},
    auths: {},
    identifies: [],
    registrations: {},
    skipped: [],
  };
  const endpointPlaces: Record<string, string> = {};

  for (const section of conf.sections) {
    const type =
      confValue(section, 'type')?.toLowerCase() ??
      (section.name.toLowerCase() === 'global' ? 'global' : undefined);
    if (!type || !TYPES.has(type)) {
      warnings.push(
        `${confSectionPlace(section)}: ${type ? `type=${type} is not used by messagesend` : 'section has no type='}; ignored`,
      );
      continue;
    }
    try {
      applySection(section, type, config, read, endpointPlaces);
    } catch (error) {
      // As Asterisk's sorcery: an object that fails to apply is not created, the rest still loads.
      // A transport decides what we listen on: without it we would bind 0.0.0.0:5060, so it still refuses the file.
      if (!(error instanceof MsgError) || error.code !== PjsipErrorCode.Config || type === 'transport')
        throw error;
      const place = confSectionPlace(section);
      const reason = error.message;
      warnings.push(`${place}: type=${type} section skipped: ${reason}`);
      config.skipped!.push({ type, name: section.name, place, reason });
    }
  }
  warnings.push(...securityWarnings(config, endpointPlaces));
  return { config, warnings };
}

function applySection(
  section: ConfSection,
  type: string,
  config: PjsipConfig,
  read: ReadConfSectionOptions,
  endpointPlaces: Record<string, string>,
): void {
  switch (type) {
    case 'global':
      config.global = readConfSection(section, GLOBAL, read);
      break;
    case 'transport':
      config.transports![section.name] = readConfSection(section, TRANSPORT, read);
      break;
    case 'endpoint':
      config.endpoints![section.name] = readConfSection(section, ENDPOINT, read);
      endpointPlaces[section.name] = confSectionPlace(section);
      break;
    case 'aor':
      config.aors![section.name] = readConfSection(section, AOR, read);
      break;
    case 'auth': {
      const { authType, ...auth } = readConfSection(section, AUTH, read);
      if (authType.toLowerCase() !== 'userpass')
        read.warnings.push(
          `${confSectionPlace(section)}: auth_type=${authType.toLowerCase()} is not supported (only userpass); this auth will not match`,
        );
      config.auths![section.name] = auth;
      break;
    }
    case 'identify':
      config.identifies!.push(readIdentify(section, read));
      break;
    case 'registration':
      config.registrations![section.name] = readRegistration(section, read);
      break;
  }
}

function readIdentify(section: ConfSection, read: ReadConfSectionOptions): PjsipIdentify {
  const identify: PjsipIdentify = { name: section.name, ...readConfSection(section, IDENTIFY, read) };
  if (identify.match.length === 0 && identify.matchHeader === undefined)
    throw confReader(section, read.errorCode).error(
      'match',
      'an identify section needs match= or match_header=',
    );
  return identify;
}
