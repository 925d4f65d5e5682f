import {
  defineConfSection,
  MsgError,
  confOption as o,
  parseAsteriskConf,
  readConfSection,
} from '@messagesend/core';
import { GatewayErrorCode } from '../errors.js';

/** ari.conf's `[general]` (res/ari/config.c), with Asterisk's defaults. */
export const ARI_GENERAL = defineConfSection('ari general', {
  enabled: o.boolean({ default: true }),
  pretty: o.boolean({ default: false }),
  allowed_origins: o.list(),
  auth_realm: o.string({ default: 'Asterisk REST Interface' }),
  websocket_write_timeout: o.integer({ min: 1, default: 100 }),
  channelvars: o.ignored('not implemented: there are no channels'),
});

/** A `type=user` section of ari.conf. */
export const ARI_USER = defineConfSection('ari user', {
  type: o.ignored(),
  read_only: o.boolean({ default: false }),
  password: o.string({ keepEmpty: true }),
  password_format: o.enum(['plain', 'crypt'], { default: 'plain' }),
});

export interface AriUser {
  name: string;
  readOnly: boolean;
  password: string;
  passwordFormat: 'plain' | 'crypt';
}

export interface AriConfig {
  /** Off when ari.conf is missing or says enabled=no, as in Asterisk. */
  enabled: boolean;
  pretty: boolean;
  /** Origins a browser may call from; `*` allows any. */
  allowedOrigins: string[];
  authRealm: string;
  users: Map<string, AriUser>;
}

export const ARI_OFF: AriConfig = Object.freeze({
  enabled: false,
  pretty: false,
  allowedOrigins: [],
  authRealm: 'Asterisk REST Interface',
  users: new Map(),
});

/**
 * Reads ari.conf as res_ari does: `[general]`, and every section with `type=user`. A user without
 * a password is refused (Asterisk logs "missing password" and drops it), so it can never log in.
 */
export function readAriConf(text: string, fileName: string): { config: AriConfig; warnings: string[] } {
  const conf = parseAsteriskConf(text, { file: fileName });
  const warnings = [...conf.warnings];
  const options = { errorCode: GatewayErrorCode.AriConfig, warnings };
  let general: ReturnType<typeof readConfSection<typeof ARI_GENERAL.options>> | undefined;
  const users = new Map<string, AriUser>();
  for (const section of conf.sections) {
    if (section.name.toLowerCase() === 'general') {
      general = readConfSection(section, ARI_GENERAL, options);
      continue;
    }
    const type = section.entries.findLast((entry) => entry.key.toLowerCase() === 'type')?.value;
    if (type?.toLowerCase() !== 'user') {
      warnings.push(`${section.file}:${section.line} [${section.name}]: no type=user: section ignored`);
      continue;
    }
    const user = readConfSection(section, ARI_USER, options);
    if (user.password === undefined || user.password === '') {
      warnings.push(`${section.file}:${section.line} [${section.name}]: user has no password: refused`);
      continue;
    }
    if (user.password_format === 'crypt' && !/^\$(5|6)\$/.test(user.password))
      throw new MsgError(
        GatewayErrorCode.AriConfig,
        `${section.file}:${section.line} [${section.name}]: password_format=crypt takes a SHA-256 ($5$) or SHA-512 ($6$) crypt hash (mkpasswd -m sha-512)`,
      );
    users.set(section.name, {
      name: section.name,
      readOnly: user.read_only,
      password: user.password,
      passwordFormat: user.password_format,
    });
  }
  return {
    config: {
      enabled: general?.enabled ?? true,
      pretty: general?.pretty ?? false,
      allowedOrigins: general?.allowed_origins ?? [],
      authRealm: general?.auth_realm ?? 'Asterisk REST Interface',
      users,
    },
    warnings,
  };
}
