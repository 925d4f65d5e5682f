import { DEFAULT_IDENTIFY_BY } from '../identify.js';
import type { PjsipConfig } from './types.js';

/**
 * Load-time warnings for endpoints that take REGISTER or MESSAGE from whoever claims them: no
 * `auth=` and identifiable by something a sender chooses (From user, Authorization username, a
 * header, or the `anonymous` name). Asterisk accepts these silently. `where` gives each endpoint's
 * `file:line [name]` when the configuration came from text.
 */
export function securityWarnings(config: PjsipConfig, where: Record<string, string> = {}): string[] {
  const warnings: string[] = [];
  const identifies = config.identifies ?? [];
  for (const [name, endpoint] of Object.entries(config.endpoints ?? {})) {
    const place = where[name] ?? `[${name}]`;
    const hasAuth = (endpoint.auth ?? []).some((auth) => Object.hasOwn(config.auths ?? {}, auth));
    const registers = (endpoint.aors ?? []).some((aor) => (config.aors?.[aor]?.maxContacts ?? 0) > 0);
    const by = endpoint.identifyBy ?? DEFAULT_IDENTIFY_BY;
    const own = identifies.filter((identify) => identify.endpoint === name);
    const accepts = registers ? 'MESSAGE and REGISTER (replacing its contacts)' : 'MESSAGE';
    if (hasAuth) continue;
    if (name === 'anonymous' || name.startsWith('anonymous@')) {
      warnings.push(`${place}: the anonymous endpoint has no auth=: it takes ${accepts} from any sender`);
    } else if (by.includes('username') || by.includes('auth_username')) {
      const what = by.includes('username') ? 'its name as From user' : 'its name as Authorization username';
      warnings.push(
        `${place}: endpoint "${name}" has no auth= and is identified by ${what}: anyone sending that is accepted for ${accepts}; add auth= or identify_by=ip with an identify section`,
      );
    } else if (own.some((identify) => identify.matchHeader !== undefined)) {
      warnings.push(
        `${place}: endpoint "${name}" has no auth= and is identified by a header any sender can set: ${accepts} accepted from whoever sends it`,
      );
    } else if (!own.some((identify) => identify.match.length > 0)) {
      warnings.push(
        `${place}: endpoint "${name}" is identified only by ip but no identify section matches it`,
      );
    }
  }
  for (const identify of identifies)
    if (!Object.hasOwn(config.endpoints ?? {}, identify.endpoint))
      warnings.push(
        `[${identify.name}]: identify points to endpoint "${identify.endpoint}", which is not configured`,
      );
  return warnings;
}
