import type { SipConfig } from './types.js';

/**
 * Load-time warnings for sip.conf peers anyone can claim: `host=dynamic` without `secret` (any
 * sender can REGISTER as it and take its calls and messages) and `type=user|friend` without
 * `secret` (any sender writing its name as From user is accepted for MESSAGE). chan_sip accepts
 * both silently. `where` gives each peer's `file:line [name]` when the configuration came from text.
 */
export function securityWarnings(config: SipConfig, where: Record<string, string> = {}): string[] {
  const warnings: string[] = [];
  for (const [name, peer] of Object.entries(config.peers ?? {})) {
    if (peer.secret) continue;
    const place = where[name] ?? `[${name}]`;
    if (peer.host?.toLowerCase() === 'dynamic')
      warnings.push(
        `${place}: peer "${name}" is host=dynamic without secret=: anyone can REGISTER as it and replace its contact`,
      );
    if (peer.type !== 'peer' && config.general?.authMessageRequests !== false)
      warnings.push(
        `${place}: ${peer.type} "${name}" has no secret=: any sender with From user "${name}" is accepted for MESSAGE`,
      );
  }
  return warnings;
}
