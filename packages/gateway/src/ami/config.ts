import { isIP } from 'node:net';
import {
  type ConfSection,
  type ConfValueContext,
  checkConfOptionNames,
  confSectionPlace,
  defineConfSection,
  confOption as o,
  parseAsteriskConf,
  readConfSection,
} from '@messagesend/core';
import { type AclRule, parseAclValue } from './acl.js';
import { AmiErrorCode } from './errors.js';
import { type AmiClass, parsePermissions, unknownPermissionItems } from './permissions.js';

/** A manager user: a `[name]` section of manager.conf other than `[general]`. */
export interface AmiUser {
  /** The section name: the `Username:` of Login (matched case-insensitively, as Asterisk). */
  name: string;
  /** `secret=`; without one the user can never log in (as in Asterisk). */
  secret?: string;
  read: AmiClass[];
  /** `write=`: MessageSend needs `message` (or `all`). */
  write: AmiClass[];
  /** `deny=`/`permit=` in file order; the last matching rule decides, no rule allows. */
  acl: AclRule[];
  displayConnects: boolean;
  allowMultipleLogin: boolean;
  /** Milliseconds a response may wait for the client to read it before the session is closed. */
  writeTimeoutMs: number;
}

/** manager.conf as the AMI server uses it (present only when `[general] enabled=yes`). */
export interface AmiConfig {
  port: number;
  /** Address to listen on (Asterisk's default `::`, every IPv6 and IPv4 address). */
  bindAddr: string;
  /** Seconds a connection may stay without logging in. */
  authTimeout: number;
  /** Unauthenticated connections open at once; more are closed on accept. */
  authLimit: number;
  displayConnects: boolean;
  allowMultipleLogin: boolean;
  users: AmiUser[];
}

export const AMI_DEFAULT_PORT = 5038;
const NO_EVENTS = 'messagesend sends no AMI events';
const NO_TLS = 'AMI over TLS is not served (only the plain TCP port)';

/** Asterisk's `atoi(value)` with a floor: below it, a warning and the default (as manager.c does). */
function atLeast(floor: number, name: string) {
  return (value: string, context: ConfValueContext): number | undefined => {
    const number = Number.parseInt(value.trim(), 10);
    if (Number.isNaN(number) || number < floor) {
      context.warn(`invalid ${name} value "${value}", using the default (as Asterisk)`);
      return undefined;
    }
    return number;
  };
}

const GENERAL = defineConfSection('manager general', {
  enabled: o.boolean({ default: false }),
  port: o.integer({ min: 1024, max: 65535, default: AMI_DEFAULT_PORT }),
  bindaddr: o.custom(
    (value, context) => {
      const address = value.replace(/^\[(.*)\]$/, '$1');
      if (isIP(address) === 0) {
        context.warn(`invalid address "${value}", using the default "::" (as Asterisk)`);
        return undefined;
      }
      return address;
    },
    { default: '::' },
  ),
  authtimeout: o.custom(atLeast(1, 'authtimeout'), { default: 30 }),
  authlimit: o.custom(atLeast(1, 'authlimit'), { default: 50 }),
  displayconnects: o.boolean({ default: true }),
  allowmultiplelogin: o.boolean({ default: true }),
  webenabled: o.ignored('the HTTP manager (/rawman, /manager, /mxml) is not served; AMI is TCP only'),
  httptimeout: o.ignored(),
  timestampevents: o.ignored(),
  brokeneventsaction: o.ignored(),
  channelvars: o.ignored(),
  disabledevents: o.ignored(),
  debug: o.ignored(),
  tlsenable: o.ignored(NO_TLS, { aliases: ['sslenable'] }),
  tlsbindaddr: o.ignored(undefined, { aliases: ['sslbindaddr', 'tlsbindport', 'sslbindport'] }),
  tlscertfile: o.ignored(undefined, { aliases: ['sslcert', 'tlscert', 'sslcertfile'] }),
  tlsprivatekey: o.ignored(undefined, { aliases: ['sslprivatekey'] }),
  tlscipher: o.ignored(undefined, { aliases: ['sslcipher'] }),
  tlscafile: o.ignored(undefined, { aliases: ['sslcafile'] }),
  tlscapath: o.ignored(undefined, { aliases: ['sslcapath', 'tlscadir', 'sslcadir'] }),
  tlsverifyclient: o.ignored(),
  tlsdontverifyserver: o.ignored(),
  tlsclientmethod: o.ignored(undefined, { aliases: ['sslclientmethod'] }),
});

function permissions(value: string, context: ConfValueContext): AmiClass[] {
  const unknown = unknownPermissionItems(value);
  if (unknown.length > 0)
    context.warn(
      `${context.key}: ${unknown.map((item) => `"${item}"`).join(', ')} names no class; Asterisk ignores it (classes are comma-separated, without spaces)`,
    );
  return parsePermissions(value);
}

const USER = defineConfSection('manager user', {
  secret: o.string({ keepEmpty: true }),
  read: o.custom(permissions, { default: [] as AmiClass[] }),
  write: o.custom(permissions, { default: [] as AmiClass[] }),
  displayconnects: o.boolean(),
  allowmultiplelogin: o.boolean(),
  writetimeout: o.custom(atLeast(100, 'writetimeout'), { default: 100 }),
  // Read in file order by `readAcl`: deny and permit interleave.
  deny: o.ignored(),
  permit: o.ignored(),
  acl: o.ignored(),
  setvar: o.ignored('it sets channel variables, and messagesend makes no channels'),
  eventfilter: o.ignored(NO_EVENTS),
});

/** `deny=`/`permit=` in file order; a message when the user must not be loaded (as Asterisk deletes it). */
function readAcl(section: ConfSection): { rules: AclRule[] } | { problem: string } {
  const rules: AclRule[] = [];
  for (const entry of section.entries) {
    const key = entry.key.toLowerCase();
    if (key === 'acl')
      return { problem: `${entry.file}:${entry.line}: named ACLs (acl=, acl.conf) are not supported` };
    if (key !== 'deny' && key !== 'permit') continue;
    const parsed = parseAclValue(key, entry.value);
    if (typeof parsed === 'string') return { problem: `${entry.file}:${entry.line}: invalid ACL: ${parsed}` };
    rules.push(...parsed);
  }
  return { rules };
}

/** Sections sharing a name are one, entries in file order (Asterisk reuses the first user of that name). */
function merged(sections: ConfSection[]): ConfSection[] {
  const byName = new Map<string, ConfSection>();
  for (const section of sections) {
    const key = section.name.toLowerCase();
    const first = byName.get(key);
    if (first === undefined) byName.set(key, { ...section, entries: [...section.entries] });
    else first.entries.push(...section.entries);
  }
  return [...byName.values()];
}

/**
 * Reads manager.conf as Asterisk's `__init_manager` does. `config` is undefined when AMI is off
 * (`[general] enabled` is not yes, Asterisk's default). Unusable values throw `ERR_MSG_AMI_CONFIG`
 * naming file and line (never a secret's value); Asterisk's warn-and-default cases, unknown and
 * unsupported options and users that cannot be loaded are `warnings`.
 */
export function readManagerConf(
  text: string,
  fileName: string,
): { config: AmiConfig | undefined; warnings: string[] } {
  const conf = parseAsteriskConf(text, { file: fileName });
  const warnings = [...conf.warnings];
  const options = { errorCode: AmiErrorCode.Config, warnings };
  const sections = merged(conf.sections);
  const generalSection = sections.find((section) => section.name.toLowerCase() === 'general');
  const general = readConfSection(
    generalSection ?? { name: 'general', entries: [], templates: [], file: fileName, line: 0 },
    GENERAL,
    options,
  );
  const userSections = sections.filter((section) => section !== generalSection);
  if (!general.enabled) {
    for (const section of userSections) checkConfOptionNames(section, USER, warnings);
    return { config: undefined, warnings };
  }
  const users: AmiUser[] = [];
  for (const section of userSections) {
    const values = readConfSection(section, USER, options);
    const acl = readAcl(section);
    if ('problem' in acl) {
      warnings.push(`${confSectionPlace(section)}: ${acl.problem}; user not loaded (as Asterisk)`);
      continue;
    }
    if (values.secret === undefined)
      warnings.push(`${confSectionPlace(section)}: no secret=, so this user can never log in (as Asterisk)`);
    else if (values.secret === '')
      warnings.push(
        `${confSectionPlace(section)}: secret= is empty, so a Login without Secret succeeds (as Asterisk)`,
      );
    const user: AmiUser = {
      name: section.name,
      read: values.read,
      write: values.write,
      acl: acl.rules,
      displayConnects: values.displayconnects ?? general.displayconnects,
      allowMultipleLogin: values.allowmultiplelogin ?? general.allowmultiplelogin,
      writeTimeoutMs: values.writetimeout ?? 100,
    };
    if (values.secret !== undefined) user.secret = values.secret;
    users.push(user);
  }
  return {
    config: {
      port: general.port,
      bindAddr: general.bindaddr ?? '::',
      authTimeout: general.authtimeout ?? 30,
      authLimit: general.authlimit ?? 50,
      displayConnects: general.displayconnects,
      allowMultipleLogin: general.allowmultiplelogin,
      users,
    },
    warnings,
  };
}
