import {
  type ConfSection,
  confReader,
  defineConfSection,
  confOption as o,
  parseSipUri,
  type ReadConfSectionOptions,
  readConfSection,
} from '@messagesend/core';
import type { PjsipRegistration } from './types.js';

/** res_pjsip_outbound_registration's options, with its defaults. */
export const REGISTRATION = defineConfSection('registration', {
  type: o.ignored(),
  server_uri: o.string({ to: 'serverUri' }),
  client_uri: o.string({ to: 'clientUri' }),
  contact_user: o.string({ to: 'contactUser' }),
  contact_header_params: o.string({ to: 'contactHeaderParams' }),
  outbound_auth: o.list({ to: 'outboundAuth' }),
  outbound_proxy: o.string({ to: 'outboundProxy' }),
  transport: o.string(),
  expiration: o.integer({ default: 3600 }),
  retry_interval: o.integer({ to: 'retryInterval', default: 60 }),
  forbidden_retry_interval: o.integer({ to: 'forbiddenRetryInterval', default: 0 }),
  fatal_retry_interval: o.integer({ to: 'fatalRetryInterval', default: 0 }),
  max_retries: o.integer({ to: 'maxRetries', default: 10 }),
  auth_rejection_permanent: o.boolean({ to: 'authRejectionPermanent', default: true }),
  line: o.boolean({ default: false }),
  endpoint: o.string(),
  user_agent: o.string({ to: 'userAgent' }),
  max_random_initial_delay: o.ignored('not implemented: registrations start at once'),
  support_path: o.ignored(),
  support_outbound: o.ignored('not implemented (RFC 5626)'),
  security_negotiation: o.ignored('not implemented (RFC 3329)'),
  security_mechanisms: o.ignored('not implemented (RFC 3329)'),
});

/**
 * One `type=registration` section, refused (and so skipped by the loader) where Asterisk's
 * sip_outbound_registration_apply refuses it: no or a non-SIP server_uri or client_uri, or
 * `line=yes` without `endpoint`.
 */
export function readRegistration(section: ConfSection, read: ReadConfSectionOptions): PjsipRegistration {
  const values = readConfSection(section, REGISTRATION, read);
  const reader = confReader(section, read.errorCode);
  for (const [key, value] of [
    ['server_uri', values.serverUri],
    ['client_uri', values.clientUri],
  ] as const) {
    if (value === undefined) throw reader.error(key, `a registration needs ${key}=`);
    if (!parseSipUri(value).ok) throw reader.error(key, `"${value}" is not a sip: or sips: URI`);
  }
  if (values.line && values.endpoint === undefined)
    throw reader.error('line', 'line=yes needs endpoint= (the endpoint inbound requests are matched to)');
  return { ...values, serverUri: values.serverUri!, clientUri: values.clientUri! } as PjsipRegistration;
}
