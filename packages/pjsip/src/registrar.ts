import { parseNameAddr } from '@messagesend/core';
import {
  applyRegister,
  findHeader,
  findHeaders,
  type IncomingRequest,
  parseDigestHeader,
  parseRegister,
  type RegistrationStore,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import { registerAtSource } from '@messagesend/sip-ua/tech-kit';
import type { PjsipConfig } from './config/types.js';
import { DEFAULT_IDENTIFY_BY } from './identify.js';

/** Registered AORs in a store at most, unless the technology is given another bound. */
export const DEFAULT_MAX_REGISTERED_AORS = 10_000;

/**
 * REGISTER for an identified, authenticated endpoint (res_pjsip_registrar): the AOR is the one of
 * the endpoint's `aors` named by the To URI (`user@host`, then `user`), or, when its `identify_by`
 * has auth_username, by the Authorization username and realm; otherwise 404.
 */
export function handleRegister(
  request: IncomingRequest,
  endpointName: string,
  config: PjsipConfig,
  store: RegistrationStore,
  maxAors = DEFAULT_MAX_REGISTERED_AORS,
  now = Date.now(),
): ResponseSpec {
  const endpoint = config.endpoints?.[endpointName];
  if (!endpoint?.aors?.length) return { status: 403, reason: 'Endpoint Has No AORs' };
  const to = parseNameAddr(findHeader(request.headers, 'to') ?? '');
  if (!to.ok || !/^sips?$/i.test(to.value.uri.scheme)) return { status: 416 };
  const parsed = parseRegister(request);
  if (typeof parsed === 'string') return { status: 400, reason: parsed };
  const user = config.global?.ignoreUriUserOptions ? to.value.uri.user?.split(';')[0] : to.value.uri.user;
  let aorName = findAorName(user, to.value.uri.host, endpoint.aors);
  if (!aorName && (endpoint.identifyBy ?? DEFAULT_IDENTIFY_BY).includes('auth_username')) {
    for (const value of findHeaders(request.headers, 'authorization')) {
      const params = parseDigestHeader(value);
      aorName = findAorName(params?.username, params?.realm ?? '', endpoint.aors);
      if (aorName) break;
    }
  }
  const aor =
    aorName !== undefined && Object.hasOwn(config.aors ?? {}, aorName) ? config.aors![aorName] : undefined;
  if (!aorName || !aor) return { status: 404, reason: 'AOR Not Found' };
  if (!aor.maxContacts) return { status: 403, reason: 'Registration Not Allowed (max_contacts=0)' };
  // rewrite_contact=yes (res_pjsip_nat.c): reach a phone behind NAT where its REGISTER came from.
  const nat = endpoint.rewriteContact ? registerAtSource(parsed, request.source) : undefined;
  const response = applyRegister(
    store,
    aorName,
    nat?.parsed ?? parsed,
    {
      minExpires: aor.minimumExpiration ?? 60,
      maxExpires: aor.maximumExpiration ?? 7200,
      defaultExpires: aor.defaultExpiration ?? 3600,
      maxContacts: aor.maxContacts,
      removeExisting: aor.removeExisting === true,
      maxAors,
    },
    request,
    now,
  );
  return nat ? nat.restore(response) : response;
}

/** res_pjsip_registrar's find_aor_name: `user@domain`, then `user`, among the endpoint's AORs. */
function findAorName(user: string | undefined, domain: string, aors: string[]): string | undefined {
  if (aors.includes(`${user ?? ''}@${domain}`)) return `${user ?? ''}@${domain}`;
  return user && aors.includes(user) ? user : undefined;
}
