import { parseNameAddr } from '@messagesend/core';
import {
  applyRegister,
  findHeader,
  type IncomingRequest,
  parseRegister,
  type RegistrationStore,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import type { PjsipConfig } from './config/types.js';

/** REGISTER for an identified, authenticated endpoint: the To user names one of its AORs. */
export function handleRegister(
  request: IncomingRequest,
  endpointName: string,
  config: PjsipConfig,
  store: RegistrationStore,
): ResponseSpec {
  const parsed = parseRegister(request);
  if (typeof parsed === 'string') return { status: 400, reason: parsed };
  const to = parseNameAddr(findHeader(request.headers, 'to') ?? '');
  const aorName = to.ok ? to.value.uri.user : undefined;
  const aor =
    aorName !== undefined && Object.hasOwn(config.aors ?? {}, aorName) ? config.aors![aorName] : undefined;
  if (!aorName || !aor) return { status: 404, reason: 'AOR Not Found' };
  if (!(config.endpoints?.[endpointName]?.aors ?? []).includes(aorName))
    return { status: 403, reason: 'AOR Not Allowed For Endpoint' };
  if (!aor.maxContacts) return { status: 403, reason: 'Registration Not Allowed (max_contacts=0)' };
  return applyRegister(
    store,
    aorName,
    parsed,
    {
      minExpires: aor.minimumExpiration ?? 60,
      maxExpires: aor.maximumExpiration ?? 7200,
      defaultExpires: aor.defaultExpiration ?? 3600,
      maxContacts: aor.maxContacts,
      removeExisting: aor.removeExisting === true,
    },
    request,
  );
}
