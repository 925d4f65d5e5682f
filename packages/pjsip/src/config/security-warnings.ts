import { DEFAULT_IDENTIFY_BY } from '../identify.js';
import type { PjsipConfig, PjsipEndpoint, PjsipIdentify } from './types.js';

/**
 * Load-time warnings for endpoints that take REGISTER or MESSAGE from whoever claims them: no
 * `auth=` and identifiable by something a sender chooses (From user, Authorization username, a
 * header, or the `anonymous` name). Asterisk accepts these silently. `where` gives each endpoint's
 * `file:line [name]` when the configuration came from text.
 */
export function securityWarnings(config: PjsipConfig, where: Record<string, string> = {}): string[] {
  const warnings: string[] = [];
  const identifies = config.identifies ?? [];
  const endpoints = config.endpoints ?? {};
  const auths = config.auths ?? {};
  // One pass over the identify sections, not one per endpoint (10,000 endpoints, 10,000 identifies).
  const identifiesOf = new Map<string, PjsipIdentify[]>();
  for (let i = 0; i < identifies.length; i++) {
    const identify = identifies[i]!;
    const own = identifiesOf.get(identify.endpoint);
    if (own) own.push(identify);
    else identifiesOf.set(identify.endpoint, [identify]);
  }
  // Indexed loops: a cold load runs this once, before the JIT has compiled it, where for...of and
  // Object.entries allocate an object per step.
  const names = Object.keys(endpoints);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const endpoint = endpoints[name]!;
    if (hasAuth(endpoint.auth, auths)) continue;
    const place = where[name] ?? `[${name}]`;
    const by = endpoint.identifyBy ?? DEFAULT_IDENTIFY_BY;
    if (name === 'anonymous' || name.startsWith('anonymous@')) {
      warnings.push(
        `${place}: the anonymous endpoint has no auth=: it takes ${accepts(endpoint, config)} from any sender`,
      );
    } else if (by.includes('username') || by.includes('auth_username')) {
      const what = by.includes('username') ? 'its name as From user' : 'its name as Authorization username';
      warnings.push(
        `${place}: endpoint "${name}" has no auth= and is identified by ${what}: anyone sending that is accepted for ${accepts(endpoint, config)}; add auth= or identify_by=ip with an identify section`,
      );
    } else {
      const own = identifiesOf.get(name) ?? [];
      if (own.some((identify) => identify.matchHeader !== undefined)) {
        warnings.push(
          `${place}: endpoint "${name}" has no auth= and is identified by a header any sender can set: ${accepts(endpoint, config)} accepted from whoever sends it`,
        );
      } else if (!own.some((identify) => identify.match.length > 0)) {
        warnings.push(
          `${place}: endpoint "${name}" is identified only by ip but no identify section matches it`,
        );
      }
    }
  }
  for (let i = 0; i < identifies.length; i++) {
    const identify = identifies[i]!;
    if (!Object.hasOwn(endpoints, identify.endpoint))
      warnings.push(
        `[${identify.name}]: identify points to endpoint "${identify.endpoint}", which is not configured`,
      );
  }
  return warnings;
}

function hasAuth(names: readonly string[] | undefined, auths: object): boolean {
  if (!names) return false;
  for (let i = 0; i < names.length; i++) if (Object.hasOwn(auths, names[i]!)) return true;
  return false;
}

/** What an unauthenticated endpoint takes: REGISTER too when one of its AORs keeps contacts. */
function accepts(endpoint: PjsipEndpoint, config: PjsipConfig): string {
  const aors = endpoint.aors ?? [];
  for (let i = 0; i < aors.length; i++)
    if ((config.aors?.[aors[i]!]?.maxContacts ?? 0) > 0)
      return 'MESSAGE and REGISTER (replacing its contacts)';
  return 'MESSAGE';
}
