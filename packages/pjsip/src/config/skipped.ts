import type { Failure } from '@messagesend/core';
import { classifyDestination, type PjsipTarget } from '../destination.js';
import { PjsipReason } from '../errors.js';
import { DEFAULT_OUTBOUND_ENDPOINT } from '../resolve.js';
import type { PjsipConfig, PjsipSkippedSection } from './types.js';

/**
 * FAILURE `PJSIP_CONFIG_SECTION_SKIPPED` when a send needs a section the loader skipped: its
 * endpoint, or that endpoint's AOR, outbound auth or transport. Without this the send would fail
 * later and less clearly (unknown endpoint, no contact, an unanswered 401).
 */
export function skippedSectionFailure(
  destination: string | PjsipTarget,
  config: PjsipConfig,
): Failure | undefined {
  const skipped = config.skipped ?? [];
  if (skipped.length === 0) return undefined;
  let target: PjsipTarget;
  if (typeof destination === 'string') {
    const parsed = classifyDestination(destination, config);
    if (!parsed.ok) return undefined;
    target = parsed.value;
  } else target = destination;
  const endpointName = target.endpoint ?? config.global?.defaultOutboundEndpoint ?? DEFAULT_OUTBOUND_ENDPOINT;
  const find = (type: string, name: string | undefined) =>
    name === undefined ? undefined : skipped.find((s) => s.type === type && s.name === name);
  const endpoint = config.endpoints?.[endpointName];
  const hit =
    find('endpoint', endpoint ? undefined : endpointName) ??
    (target.form === 'endpoint/aor' ? find('aor', target.aor) : undefined) ??
    (target.form === 'endpoint' || target.form === 'endpoint@domain' || target.form === 'dialstring'
      ? endpoint?.aors?.map((name) => find('aor', name)).find(Boolean)
      : undefined) ??
    endpoint?.outboundAuth?.map((name) => find('auth', name)).find(Boolean) ??
    find('transport', endpoint?.transport);
  return hit ? failure(endpointName, hit) : undefined;
}

function failure(endpointName: string, section: PjsipSkippedSection): Failure {
  return {
    ok: false,
    reason: PjsipReason.SkippedSection,
    detail: `endpoint '${endpointName}' needs ${section.type} '${section.name}', which was skipped when pjsip.conf was loaded: ${section.reason}`,
  };
}
