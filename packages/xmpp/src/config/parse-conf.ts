import {
  checkConfOptionNames,
  confSectionPlace,
  confValue,
  parseAsteriskConf,
  readConfSection,
} from '@messagesend/core';
import { XmppErrorCode } from '../errors.js';
import { CLIENT } from './schema.js';
import type { XmppConfig } from './types.js';

export interface ParsedXmppConf {
  config: XmppConfig;
  warnings: string[];
}

/** Reads xmpp.conf: `[general]` and `type=client` sections. Components and incomplete clients are reported, never fatal. */
export function parseXmppConf(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ParsedXmppConf {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const config: XmppConfig = { general: {}, accounts: {} };
  for (const section of conf.sections) {
    const where = confSectionPlace(section);
    if (section.name.toLowerCase() === 'general') {
      // Kept as written: none of it changes how messages are sent.
      for (const entry of section.entries) config.general![entry.key.toLowerCase()] = entry.value;
      continue;
    }
    const type = (confValue(section, 'type') ?? 'client').toLowerCase();
    if (type !== 'client') {
      warnings.push(`${where}: type=${type} is not supported (client only); ignored`);
      continue;
    }
    // A client without both is skipped before its options are read, as Asterisk does.
    if (!confValue(section, 'username') || confValue(section, 'secret') === undefined) {
      checkConfOptionNames(section, CLIENT, warnings);
      warnings.push(`${where}: a client needs username= and secret=; not loaded (as in Asterisk)`);
      continue;
    }
    config.accounts![section.name] = readConfSection(section, CLIENT, {
      errorCode: XmppErrorCode.Config,
      warnings,
    });
  }
  return { config, warnings };
}
