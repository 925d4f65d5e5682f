import { confValue, MsgError, parseAsteriskConf, parseJid } from '@messagesend/core';
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
    const value = (key: string): string | undefined => {
      const found = confValue(section, key);
      return found === undefined || found === '' ? undefined : found;
    };
    const username = value('username');
    const secret = value('secret');
    if (!username || secret === undefined) {
      warnings.push(`${where}: a client needs username= and secret=; not loaded (as in Asterisk)`);
      continue;
    }
    if (!parseJid(username).ok)
      throw new MsgError(XmppErrorCode.Config, `[${section.name}] username: "${username}" is not a JID`, {
        file: section.file,
        line: section.line,
      });
    const fail = (key: string, message: string): MsgError =>
      new MsgError(XmppErrorCode.Config, `[${section.name}] ${key}: ${message}`, {
        file: section.file,
        line: section.line,
      });
    const bool = (key: string): boolean | undefined => {
      const v = value(key);
      if (v === undefined) return undefined;
      if (/^(yes|true|on|1)$/i.test(v)) return true;
      if (/^(no|false|off|0)$/i.test(v)) return false;
      throw fail(key, `expected yes or no, got "${v}"`);
    };
    const int = (key: string, min: number, max: number): number | undefined => {
      const v = value(key);
      if (v === undefined) return undefined;
      if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max)
        throw fail(key, `expected a number from ${min} to ${max}, got "${v}"`);
      return Number(v);
    };
    const account: XmppAccountConfig = { username, secret };
    const set = <K extends keyof XmppAccountConfig>(key: K, v: XmppAccountConfig[K] | undefined): void => {
      if (v !== undefined) account[key] = v;
    };
    set('serverhost', value('serverhost'));
    set('port', int('port', 1, 65535));
    set('usetls', bool('usetls'));
    set('usesasl', bool('usesasl'));
    set('priority', int('priority', -128, 127));
    set('status', value('status'));
    set('statusmessage', value('statusmessage'));
    set('keepalive', bool('keepalive'));
    set('context', value('context'));
    set('sendtodialplan', bool('sendtodialplan'));
    config.accounts![section.name] = account;
  }
  return { config, warnings };
}
