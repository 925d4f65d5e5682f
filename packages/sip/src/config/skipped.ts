import type { Failure } from '@messagesend/core';
import { parseSipDestination, type SipTarget } from '../destination.js';
import { ChanSipReason } from '../errors.js';
import type { SipConfig } from './types.js';

const PEER_TYPES = new Set(['peer', 'friend', 'user']);

/**
 * FAILURE `CHAN_SIP_CONFIG_SECTION_SKIPPED` for a destination naming a peer that the loader skipped:
 * without this it would be taken for a host name and looked up in DNS.
 */
export function skippedPeerFailure(destination: string | SipTarget, config: SipConfig): Failure | undefined {
  const skipped = config.skipped ?? [];
  if (skipped.length === 0) return undefined;
  let target: SipTarget;
  if (typeof destination === 'string') {
    const parsed = parseSipDestination(destination, config);
    if (!parsed.ok) return undefined;
    target = parsed.value;
  } else target = destination;
  if (target.peer !== undefined) return undefined;
  const hit = skipped.find((section) => PEER_TYPES.has(section.type) && section.name === target.hostport);
  if (!hit) return undefined;
  return {
    ok: false,
    reason: ChanSipReason.SkippedSection,
    detail: `peer '${hit.name}' was skipped when sip.conf was loaded: ${hit.reason}`,
  };
}
