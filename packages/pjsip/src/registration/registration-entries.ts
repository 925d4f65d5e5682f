import { randomBytes } from 'node:crypto';
import { parseNameAddr, parseSipUri } from '@messagesend/core';
import type { DigestCredentials, RegistrationEntry, TransportProtocol } from '@messagesend/sip-ua';
import type { PjsipConfig, PjsipRegistration } from '../config/types.js';

export interface PjsipRegistrationEntries {
  entries: RegistrationEntry[];
  /** `;line=` token → endpoint name, for registrations with `line=yes` (inbound identification). */
  lines: Map<string, string>;
}

/**
 * The REGISTER clients pjsip.conf's `type=registration` sections ask for, as
 * res_pjsip_outbound_registration builds them: Contact `<sip:contact_user@local:port>` (user `s`
 * by default) with `;line=` when line=yes, From and To the client_uri, credentials from
 * outbound_auth, a Route for outbound_proxy.
 */
export function pjsipRegistrationEntries(
  config: PjsipConfig,
  defaults: { userAgent: string },
  warnings: string[],
): PjsipRegistrationEntries {
  const entries: RegistrationEntry[] = [];
  const lines = new Map<string, string>();
  for (const [name, registration] of Object.entries(config.registrations ?? {})) {
    const line = registration.line ? lineToken() : undefined;
    if (line !== undefined && registration.endpoint !== undefined) lines.set(line, registration.endpoint);
    const protocol = protocolOf(registration, config);
    const user = registration.contactUser ?? 's';
    const params = registration.contactHeaderParams ? `;${registration.contactHeaderParams}` : '';
    entries.push({
      name,
      protocol,
      contact: (local) =>
        `sip:${user}@${local.host.includes(':') ? `[${local.host}]` : local.host}:${local.port}` +
        `${protocol === 'udp' ? '' : `;transport=${protocol}`}${line ? `;line=${line}` : ''}`,
      options: {
        serverUri: registration.serverUri,
        clientUri: registration.clientUri,
        ...(params ? { contactParams: params } : {}),
        credentials: credentials(name, registration, config, warnings),
        expirationSec: registration.expiration,
        retryIntervalSec: registration.retryInterval,
        forbiddenRetryIntervalSec: registration.forbiddenRetryInterval,
        fatalRetryIntervalSec: registration.fatalRetryInterval,
        maxRetries: registration.maxRetries,
        authRejectionPermanent: registration.authRejectionPermanent,
        userAgent: registration.userAgent ?? config.global?.userAgent ?? defaults.userAgent,
        ...route(registration),
      },
    });
  }
  return { entries, lines };
}

/** A random token as Asterisk's (ast_generate_random_string: lower-case letters). */
function lineToken(): string {
  return [...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

function protocolOf(registration: PjsipRegistration, config: PjsipConfig): TransportProtocol {
  const transport = registration.transport ? config.transports?.[registration.transport] : undefined;
  if (transport) return transport.protocol;
  const uri = parseSipUri(registration.serverUri);
  if (!uri.ok) return 'udp';
  if (uri.value.scheme === 'sips') return 'tls';
  const param = uri.value.params.find((p) => p.name.toLowerCase() === 'transport')?.value?.toLowerCase();
  return param === 'tcp' || param === 'tls' ? param : 'udp';
}

function credentials(
  name: string,
  registration: PjsipRegistration,
  config: PjsipConfig,
  warnings: string[],
): DigestCredentials[] {
  const found: DigestCredentials[] = [];
  for (const authName of registration.outboundAuth ?? []) {
    const auth = config.auths?.[authName];
    if (!auth) {
      const skipped = config.skipped?.some((s) => s.type === 'auth' && s.name === authName);
      warnings.push(
        `registration ${name}: outbound_auth '${authName}' ${skipped ? 'was skipped at load' : 'is not configured'}; its challenges will be rejected`,
      );
      continue;
    }
    found.push({
      username: auth.username,
      password: auth.password,
      ...(auth.realm ? { realm: auth.realm } : {}),
    });
  }
  return found;
}

function route(registration: PjsipRegistration): { route?: string[] } {
  if (!registration.outboundProxy) return {};
  const proxy = parseNameAddr(registration.outboundProxy);
  if (!proxy.ok) return {};
  const text = registration.outboundProxy.trim().replace(/^<|>$/g, '');
  return { route: [`<${/;lr\b/i.test(text) ? text : `${text};lr`}>`] };
}
