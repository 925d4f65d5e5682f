import { isIP } from 'node:net';
import type { RegistrationEntry } from '@messagesend/sip-ua';
import type { SipConfig, SipRegisterLine } from '../config/types.js';

const DEFAULT_EXPIRY_SEC = 120;
const DEFAULT_REGISTER_TIMEOUT_SEC = 20;
const EXPIRY_GUARD_SECS = 15;
const EXPIRY_GUARD_LIMIT = 30;
const EXPIRY_GUARD_PCT = 0.2;

/**
 * The REGISTER clients of sip.conf's `register =>` lines, as chan_sip's transmit_register
 * builds them: From and To `<sip:user@domain-or-host>`, Request-URI `sip:domain-or-host[:port]`,
 * sent to host:port, Contact `<sip:extension@local:port>`. Retries as chan_sip's
 * sip_reg_timeout: every `registertimeout` seconds (a 401 our secret cannot pass included),
 * `registerattempts` times (0: for ever); a 403 stops unless register_retry_403.
 */
export function sipRegistrationEntries(
  config: SipConfig,
  defaults: { userAgent: string },
): RegistrationEntry[] {
  const general = config.general ?? {};
  const timeout = general.registerTimeout ?? DEFAULT_REGISTER_TIMEOUT_SEC;
  return (config.registrations ?? []).map((line, index) => {
    const uriHost = line.domain ?? line.host;
    const uriPort = line.domain ? line.domainPort : line.port;
    const hostText = (host: string) => (host.includes(':') ? `[${host}]` : host);
    const defaultPort = line.transport === 'tls' ? 5061 : 5060;
    const secret = line.secret ?? (line.peer ? config.peers?.[line.peer]?.secret : undefined);
    const entry: RegistrationEntry = {
      name: line.peer ?? `${line.user}@${line.host}#${index + 1}`,
      protocol: line.transport,
      contact: (local) =>
        `sip:${line.extension}@${hostText(local.host)}:${local.port}${line.transport === 'udp' ? '' : `;transport=${line.transport}`}`,
      options: {
        serverUri: `sip:${hostText(uriHost)}${uriPort !== undefined && uriPort !== defaultPort ? `:${uriPort}` : ''}`,
        clientUri: `sip:${line.user}@${hostText(uriHost)}`,
        ...(secret !== undefined
          ? { credentials: [{ username: line.authUser ?? line.user, password: secret }] }
          : {}),
        expirationSec: line.expiry ?? general.defaultExpiry ?? DEFAULT_EXPIRY_SEC,
        retryIntervalSec: timeout,
        forbiddenRetryIntervalSec: general.registerRetry403 ? timeout : 0,
        fatalRetryIntervalSec: 0,
        maxRetries: general.registerAttempts ? general.registerAttempts : Number.POSITIVE_INFINITY,
        authRejectionPermanent: false,
        refreshBeforeSec: refreshGuard,
        userAgent: general.userAgent ?? defaults.userAgent,
        ...target(line),
      },
    };
    return entry;
  });
}

/** chan_sip's EXPIRY_GUARD: 15 s before expiry, or 20 % of a grant under 30 s. */
function refreshGuard(granted: number): number {
  return granted > EXPIRY_GUARD_LIMIT ? EXPIRY_GUARD_SECS : granted * EXPIRY_GUARD_PCT;
}

/** An address host is sent to directly; a host name is located through the Request-URI. */
function target(line: SipRegisterLine) {
  return isIP(line.host) ? { target: { protocol: line.transport, address: line.host, port: line.port } } : {};
}
