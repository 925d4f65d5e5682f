import {
  type ConfSection,
  confReader,
  confSectionPlace,
  confValue,
  parseAsteriskConf,
  type ReadConfSectionOptions,
  readConfSection,
} from '@messagesend/core';
import { PjsipErrorCode } from '../errors.js';
import { AOR, AUTH, ENDPOINT, GLOBAL, IDENTIFY, TRANSPORT } from './schema.js';
import { securityWarnings } from './security-warnings.js';
import type { PjsipConfig, PjsipIdentify } from './types.js';

export interface ParsedPjsipConf {
  config: PjsipConfig;
  /** Unknown options and sections, and options read but without effect here, each with file and line. */
  warnings: string[];
}

const TYPES = new Set(['global', 'transport', 'endpoint', 'aor', 'auth', 'identify']);

/** Reads pjsip.conf text (templates, includes, same-named endpoint and AOR sections) into a PjsipConfig. */
export function parsePjsipConf(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ParsedPjsipConf {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const read: ReadConfSectionOptions = { errorCode: PjsipErrorCode.Config, warnings };
  const config: PjsipConfig = { transports: {}, endpoints: {}, aors: {}, auths: {}, identifies: [] };
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
          warnings.push(
            `${confSectionPlace(section)}: auth_type=${authType.toLowerCase()} is not supported (only userpass); this auth will not match`,
          );
        config.auths![section.name] = auth;
        break;
      }
      case 'identify':
        config.identifies!.push(readIdentify(section, read));
        break;
    }
  }
  warnings.push(...securityWarnings(config, endpointPlaces));
  return { config, warnings };
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
