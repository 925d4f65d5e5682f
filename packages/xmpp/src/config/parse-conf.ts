import { confReader, confValue, parseAsteriskConf, parseJid } from '@messagesend/core';
import { XmppErrorCode } from '../errors.js';
import type { XmppAccountConfig, XmppConfig } from './types.js';

export interface ParsedXmppConf {
  config: XmppConfig;
  warnings: string[];
}

const CLIENT = new Set([
  'type',
  'serverhost',
  'port',
  'username',
  'secret',
  'usetls',
  'usesasl',
  'priority',
  'status',
  'statusmessage',
  'keepalive',
  'context',
  'sendtodialplan',
  'buddy',
  'timeout',
  'forceoldssl',
  'debug',
  'distribute_events',
  'pubsub_node',
  'autoprune',
  'autoregister',
  'auth_policy',
  'refresh_token',
  'oauth_clientid',
  'oauth_secret',
]);

/** Reads xmpp.conf: `[general]` and `type=client` sections. Components and incomplete clients are reported, never fatal. */
export function parseXmppConf(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ParsedXmppConf {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const config: XmppConfig = { general: {}, accounts: {} };
  for (const section of conf.sections) {
    const where = `${section.file}:${section.line} [${section.name}]`;
    if (section.name.toLowerCase() === 'general') {
      for (const entry of section.entries) config.general![entry.key.toLowerCase()] = entry.value;
      continue;
    }
    const type = (confValue(section, 'type') ?? 'client').toLowerCase();
    if (type !== 'client') {
      warnings.push(`${where}: type=${type} is not supported (client only); ignored`);
      continue;
    }
    for (const entry of section.entries) {
      if (!CLIENT.has(entry.key.toLowerCase()))
        warnings.push(
          `${entry.file}:${entry.line} [${section.name}]: unknown client option "${entry.key}" kept and ignored`,
        );
    }
    const read = confReader(section, XmppErrorCode.Config);
    const username = read.text('username');
    const secret = confValue(section, 'secret');
    if (!username || secret === undefined) {
      warnings.push(`${where}: a client needs username= and secret=; not loaded (as in Asterisk)`);
      continue;
    }
    if (!parseJid(username).ok) throw read.error('username', `"${username}" is not a JID`);
    const account: XmppAccountConfig = { username, secret };
    const set = <K extends keyof XmppAccountConfig>(key: K, v: XmppAccountConfig[K] | undefined): void => {
      if (v !== undefined) account[key] = v;
    };
    set('serverhost', read.text('serverhost'));
    set('port', read.int('port', { min: 1, max: 65535 }));
    set('usetls', read.bool('usetls'));
    set('usesasl', read.bool('usesasl'));
    set('priority', read.int('priority', { min: -128, max: 127 }));
    set('status', read.text('status'));
    set('statusmessage', read.text('statusmessage'));
    set('keepalive', read.bool('keepalive'));
    set('context', read.text('context'));
    set('sendtodialplan', read.bool('sendtodialplan'));
    config.accounts![section.name] = account;
  }
  return { config, warnings };
}
