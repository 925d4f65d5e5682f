import {
  type ConfEntry,
  type ConfSection,
  confSectionPlace,
  confValue,
  parseAsteriskConf,
} from '@messagesend/core';

// Asterisk's pattern variables, spelled as in pjsip_wizard.conf (not JavaScript templates).
const REMOTE_HOST = '$' + '{REMOTE_HOST}';
const USERNAME = '$' + '{USERNAME}';

/** Object types a `type=wizard` section expands to, each from its own `<type>/` options. */
type ObjectType = 'endpoint' | 'aor' | 'auth' | 'identify' | 'registration';

export interface ExpandedWizard {
  /** Synthesised pjsip.conf sections (entries keep the wizard's file and line). */
  sections: ConfSection[];
  warnings: string[];
}

/**
 * Expands pjsip_wizard.conf as res_pjsip_config_wizard's handlers do, one section per object:
 * - endpoint `<id>`: `endpoint/` options, `aors=<id>`, outbound_proxy and transport shortcuts,
 *   `outbound_auth=<id>-oauth` when sends_auth, `auth=<id>-iauth` when accepts_auth;
 * - aor `<id>`: `aor/` options, outbound_proxy, and a `contact=` per remote host from
 *   contact_pattern (default `sip:${REMOTE_HOST}`) unless aor/contact is given;
 * - auth `<id>-oauth` / `<id>-iauth` from `outbound_auth/` / `inbound_auth/` (auth_type=userpass
 *   unless set) when sends_auth / accepts_auth;
 * - identify `<id>-identify` matching the remote hosts (unless identify/match is given), except when
 *   accepts_registrations or sends_line_with_registrations;
 * - registration `<id>-reg-<n>` per remote host when sends_registrations, from server_uri_pattern
 *   (`sip:${REMOTE_HOST}`) and client_uri_pattern (`sip:${USERNAME}@${REMOTE_HOST}`, USERNAME the
 *   outbound_auth/username, or the id without sends_auth), with line/endpoint when
 *   sends_line_with_registrations.
 * Phoneprov and hints (dialplan) have no meaning for messaging: a warning names them.
 */
export function expandPjsipWizard(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ExpandedWizard {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const sections: ConfSection[] = [];
  for (const wizard of conf.sections) {
    if (confValue(wizard, 'type')?.toLowerCase() !== 'wizard') {
      warnings.push(
        `${confSectionPlace(wizard)}: not type=wizard; ignored (as Asterisk's wizard filters on type=wizard)`,
      );
      continue;
    }
    sections.push(...expandOne(wizard, warnings));
  }
  return { sections, warnings };
}

function expandOne(wizard: ConfSection, warnings: string[]): ConfSection[] {
  const id = wizard.name;
  const isTrue = (key: string) => /^(yes|true|y|t|1|on)$/i.test(confValue(wizard, key)?.trim() ?? '');
  const last = (key: string) => lastEntry(wizard, key);
  const at = (key: string, value: string, near?: ConfEntry): ConfEntry => ({
    key,
    value,
    file: near?.file ?? wizard.file,
    line: near?.line ?? wizard.line,
    inherited: false,
  });
  const prefixed = (prefix: string) =>
    wizard.entries
      .filter((e) => e.key.toLowerCase().startsWith(prefix) && e.key.length > prefix.length)
      .map((e) => ({ ...e, key: e.key.slice(prefix.length) }));
  const section = (name: string, type: ObjectType, entries: ConfEntry[]): ConfSection => ({
    name,
    entries: [at('type', type), ...entries],
    templates: [],
    file: wizard.file,
    line: wizard.line,
  });
  const hosts = (confValue(wizard, 'remote_hosts') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const proxy = last('outbound_proxy');
  const transport = last('transport');
  const shortcut = (entry: ConfEntry | undefined, key: string) =>
    entry?.value ? [at(key, entry.value, entry)] : [];
  const out: ConfSection[] = [];

  for (const key of ['has_phoneprov', 'hint_exten'])
    if (confValue(wizard, key))
      warnings.push(`${confSectionPlace(wizard)}: ${key} has no effect on messaging; ignored`);

  // Auths first: the endpoint and registrations refer to them.
  for (const [direction, flag, suffix] of [
    ['outbound', 'sends_auth', 'oauth'],
    ['inbound', 'accepts_auth', 'iauth'],
  ] as const) {
    if (!isTrue(flag)) continue;
    const vars = prefixed(`${direction}_auth/`);
    if (!vars.some((e) => e.key.toLowerCase() === 'username'))
      warnings.push(`${confSectionPlace(wizard)}: wizard must have ${direction}_auth/username if it ${flag}`);
    if (!vars.some((e) => e.key.toLowerCase() === 'auth_type')) vars.push(at('auth_type', 'userpass'));
    out.push(section(`${id}-${suffix}`, 'auth', vars));
  }

  const aor = prefixed('aor/');
  aor.push(...shortcut(proxy, 'outbound_proxy'));
  if (!aor.some((e) => e.key.toLowerCase() === 'contact')) {
    const pattern = confValue(wizard, 'contact_pattern') ?? `sip:${REMOTE_HOST}`;
    if (pattern !== '')
      for (const host of hosts) aor.push(at('contact', pattern.replaceAll(REMOTE_HOST, host)));
  }
  out.push(section(id, 'aor', aor));

  const endpoint = prefixed('endpoint/');
  endpoint.push(at('aors', id), ...shortcut(proxy, 'outbound_proxy'), ...shortcut(transport, 'transport'));
  if (isTrue('sends_auth')) endpoint.push(at('outbound_auth', `${id}-oauth`));
  if (isTrue('accepts_auth')) endpoint.push(at('auth', `${id}-iauth`));
  out.push(section(id, 'endpoint', endpoint));

  if (!isTrue('accepts_registrations') && !isTrue('sends_line_with_registrations')) {
    const identify = prefixed('identify/');
    if (hosts.length === 0)
      warnings.push(
        `${confSectionPlace(wizard)}: wizard must have remote_hosts if it doesn't accept registrations`,
      );
    identify.push(at('endpoint', id));
    if (!identify.some((e) => e.key.toLowerCase() === 'match'))
      for (const host of hosts) identify.push(at('match', host));
    if (identify.some((e) => e.key.toLowerCase() === 'match'))
      out.push(section(`${id}-identify`, 'identify', identify));
  }

  if (isTrue('sends_registrations')) {
    if (hosts.length === 0)
      warnings.push(`${confSectionPlace(wizard)}: wizard must have remote_hosts if it sends registrations`);
    const serverPattern = confValue(wizard, 'server_uri_pattern') ?? `sip:${REMOTE_HOST}`;
    const clientPattern = confValue(wizard, 'client_uri_pattern') ?? `sip:${USERNAME}@${REMOTE_HOST}`;
    const username = isTrue('sends_auth') ? (confValue(wizard, 'outbound_auth/username') ?? '') : id;
    hosts.forEach((host, index) => {
      const fill = (pattern: string) => pattern.replaceAll(REMOTE_HOST, host).replaceAll(USERNAME, username);
      const vars = prefixed('registration/');
      vars.push(...shortcut(proxy, 'outbound_proxy'));
      if (serverPattern !== '') vars.push(at('server_uri', fill(serverPattern)));
      if (clientPattern !== '') vars.push(at('client_uri', fill(clientPattern)));
      if (isTrue('sends_auth')) vars.push(at('outbound_auth', `${id}-oauth`));
      vars.push(...shortcut(transport, 'transport'));
      if (isTrue('sends_line_with_registrations')) vars.push(at('line', 'yes'), at('endpoint', id));
      out.push(section(`${id}-reg-${index}`, 'registration', vars));
    });
  }
  return out;
}

function lastEntry(section: ConfSection, key: string): ConfEntry | undefined {
  for (let i = section.entries.length - 1; i >= 0; i--)
    if (section.entries[i]!.key.toLowerCase() === key) return section.entries[i];
  return undefined;
}
