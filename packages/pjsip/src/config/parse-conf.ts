import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
import { expandPjsipWizard } from './wizard.js';

export interface ParsedPjsipConf {
  config: PjsipConfig;
  /** Unknown options and sections, and options read but without effect here, each with file and line. */
  warnings: string[];
}

const TYPES = new Set(['global', 'transport', 'endpoint', 'aor', 'auth', 'identify', 'registration']);

/** Reads pjsip.conf text (templates, includes, same-named endpoint and AOR sections) into a PjsipConfig. */
export function parsePjsipConf(
  text: string,
  options: {
    file?: string;
    readFile?: (path: string) => string;
    /**
     * pjsip_wizard.conf text, expanded and read after pjsip.conf. By default it is read from the
     * folder of `file`, when there is one, as Asterisk reads it beside pjsip.conf; false: none.
     */
    wizard?: { text: string; file?: string } | false;
  } = {},
): ParsedPjsipConf {
  const { wizard: wizardOption, ...confOptions } = options;
  const conf = parseAsteriskConf(text, confOptions);
  const warnings = [...conf.warnings];
  const wizard = wizardOption === undefined ? wizardBeside(options.file) : wizardOption;
  if (wizard) {
    const expanded = expandPjsipWizard(wizard.text, {
      ...(wizard.file !== undefined ? { file: wizard.file } : {}),
      ...(options.readFile ? { readFile: options.readFile } : {}),
    });
    warnings.push(...expanded.warnings);
    conf.sections.push(...expanded.sections);
  }
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

  // Indexed: a cold load runs this loop once per section before it is compiled, and for...of
  // allocates an iterator result per step there.
  const sections = conf.sections;
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i]!;
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

/** pjsip_wizard.conf in the folder of pjsip.conf, if there is one. */
function wizardBeside(file: string | undefined): { text: string; file: string } | undefined {
  if (file === undefined || !file.includes('/')) return undefined;
  const path = join(dirname(file), 'pjsip_wizard.conf');
  return existsSync(path) ? { text: readFileSync(path, 'utf8'), file: path } : undefined;
}
