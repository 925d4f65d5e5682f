import { type ConfReader, confReader, confValue, parseAsteriskConf } from '@messagesend/core';
import { PjsipErrorCode } from '../errors.js';
import { securityWarnings } from './security-warnings.js';
import type {
  PjsipAor,
  PjsipAuth,
  PjsipConfig,
  PjsipEndpoint,
  PjsipGlobal,
  PjsipIdentify,
  PjsipTransport,
} from './types.js';

export interface ParsedPjsipConf {
  config: PjsipConfig;
  /** Unknown options and sections, and options read but without effect here, each with file and line. */
  warnings: string[];
}

/** Options that matter only for calls and media: accepted without a warning, with no effect on messaging. */
const MEDIA_OPTIONS = new Set(
  'allow disallow direct_media dtmf_mode rtp_symmetric force_rport rewrite_contact ice_support media_encryption rtp_timeout rtp_keepalive send_pai send_rpid trust_id_inbound trust_id_outbound t38_udptl timers qualify_frequency qualify_timeout authenticate_qualify language tone_zone mailboxes moh_suggest device_state_busy_at sdp_owner sdp_session media_address bind_rtp_to_media_address rtp_ipv6 use_avpf webrtc dtls_auto_generate_cert connected_line_method callerid_privacy callerid_tag call_group pickup_group named_call_group named_pickup_group allow_subscribe sub_min_expiry aggregate_mwi set_var'.split(
    ' ',
  ),
);

const KNOWN: Record<string, Set<string>> = {
  global: new Set([
    'type',
    'default_outbound_endpoint',
    'max_forwards',
    'user_agent',
    'ignore_uri_user_options',
    'endpoint_identifier_order',
    'keep_alive_interval',
    'debug',
  ]),
  transport: new Set([
    'type',
    'protocol',
    'bind',
    'cert_file',
    'priv_key_file',
    'ca_list_file',
    'verify_server',
    'verify_client',
    'method',
    'local_net',
    'external_signaling_address',
    'external_media_address',
    'external_signaling_port',
    'tos',
    'cos',
    'allow_reload',
  ]),
  endpoint: new Set([
    'type',
    'aors',
    'outbound_auth',
    'auth',
    'from_user',
    'from_domain',
    'transport',
    'context',
    'message_context',
    'outbound_proxy',
    'callerid',
    'user_eq_phone',
    'identify_by',
  ]),
  aor: new Set([
    'type',
    'contact',
    'max_contacts',
    'remove_existing',
    'default_expiration',
    'minimum_expiration',
    'maximum_expiration',
    'qualify_frequency',
    'qualify_timeout',
    'authenticate_qualify',
    'mailboxes',
    'support_path',
    'outbound_proxy',
  ]),
  auth: new Set([
    'type',
    'auth_type',
    'username',
    'password',
    'realm',
    'md5_cred',
    'nonce_lifetime',
    'supported_algorithms_uas',
    'supported_algorithms_uac',
  ]),
  identify: new Set(['type', 'endpoint', 'match', 'srv_lookups', 'match_header']),
};

/** Reads pjsip.conf text (templates, includes, same-named endpoint and AOR sections) into a PjsipConfig. */
export function parsePjsipConf(
  text: string,
  options: { file?: string; readFile?: (path: string) => string } = {},
): ParsedPjsipConf {
  const conf = parseAsteriskConf(text, options);
  const warnings = [...conf.warnings];
  const config: PjsipConfig = { transports: {}, endpoints: {}, aors: {}, auths: {}, identifies: [] };
  const endpointPlaces: Record<string, string> = {};

  for (const section of conf.sections) {
    const type =
      confValue(section, 'type')?.toLowerCase() ??
      (section.name.toLowerCase() === 'global' ? 'global' : undefined);
    const where = `${section.file}:${section.line} [${section.name}]`;
    if (!type || !KNOWN[type]) {
      warnings.push(
        `${where}: ${type ? `type=${type} is not used by messagesend` : 'section has no type='}; ignored`,
      );
      continue;
    }
    for (const entry of section.entries) {
      const key = entry.key.toLowerCase();
      if (!KNOWN[type]!.has(key) && !(type === 'endpoint' && MEDIA_OPTIONS.has(key))) {
        warnings.push(
          `${entry.file}:${entry.line} [${section.name}]: unknown ${type} option "${entry.key}" kept and ignored`,
        );
      }
    }
    const read = confReader(section, PjsipErrorCode.Config);
    switch (type) {
      case 'global':
        config.global = readGlobal(read);
        break;
      case 'transport':
        config.transports![section.name] = readTransport(read);
        break;
      case 'endpoint':
        config.endpoints![section.name] = readEndpoint(read);
        endpointPlaces[section.name] = where;
        break;
      case 'aor':
        config.aors![section.name] = readAor(read);
        break;
      case 'auth':
        config.auths![section.name] = readAuth(read, warnings, where);
        break;
      case 'identify':
        config.identifies!.push(readIdentify(section.name, read));
        break;
    }
  }
  warnings.push(...securityWarnings(config, endpointPlaces));
  return { config, warnings };
}

type Reader = ConfReader;

const IDENTIFY_METHODS = ['username', 'auth_username', 'ip', 'header'] as const;
const IDENTIFIER_NAMES = [...IDENTIFY_METHODS, 'anonymous'] as const;

/** A comma-separated list of identification methods, duplicates dropped; an unknown name is an error. */
function readMethods<T extends string>(read: Reader, key: string, known: readonly T[]): T[] | undefined {
  const values = read.list(key).map((value) => value.toLowerCase());
  if (values.length === 0) return undefined;
  const unknown = values.filter((value) => !known.includes(value as T));
  if (unknown.length > 0)
    throw read.error(key, `unknown identification method ${unknown.join(', ')} (${known.join(', ')})`);
  return [...new Set(values as T[])];
}

function readIdentify(name: string, read: Reader): PjsipIdentify {
  const endpoint = read.text('endpoint');
  if (!endpoint) throw read.error('endpoint', 'an identify section needs endpoint=');
  const identify: PjsipIdentify = { name, endpoint, match: read.list('match') };
  const header = read.text('match_header');
  if (header !== undefined) {
    const colon = header.indexOf(':');
    if (colon <= 0 || header.slice(0, colon).trim() === '')
      throw read.error('match_header', `expected "Header: value", got "${header}"`);
    identify.matchHeader = header;
  }
  if (identify.match.length === 0 && identify.matchHeader === undefined)
    throw read.error('match', 'an identify section needs match= or match_header=');
  return identify;
}

function readGlobal(read: Reader): PjsipGlobal {
  const global: PjsipGlobal = {};
  const endpoint = read.text('default_outbound_endpoint');
  if (endpoint !== undefined) global.defaultOutboundEndpoint = endpoint;
  const maxForwards = read.int('max_forwards', { min: 1 });
  if (maxForwards !== undefined) global.maxForwards = maxForwards;
  const userAgent = read.text('user_agent');
  if (userAgent !== undefined) global.userAgent = userAgent;
  const ignore = read.bool('ignore_uri_user_options');
  if (ignore !== undefined) global.ignoreUriUserOptions = ignore;
  const order = readMethods(read, 'endpoint_identifier_order', IDENTIFIER_NAMES);
  if (order) global.endpointIdentifierOrder = order;
  return global;
}

function readTransport(read: Reader): PjsipTransport {
  const protocol = (read.text('protocol') ?? 'udp').toLowerCase();
  if (protocol !== 'udp' && protocol !== 'tcp' && protocol !== 'tls') {
    throw read.error('protocol', `"${protocol}" is not supported (udp, tcp or tls)`);
  }
  const transport: PjsipTransport = { protocol };
  const assign = <K extends keyof PjsipTransport>(key: K, value: PjsipTransport[K] | undefined): void => {
    if (value !== undefined) transport[key] = value;
  };
  assign('bind', read.text('bind'));
  assign('certFile', read.text('cert_file'));
  assign('privKeyFile', read.text('priv_key_file'));
  assign('caListFile', read.text('ca_list_file'));
  assign('verifyServer', read.bool('verify_server'));
  assign('externalSignalingAddress', read.text('external_signaling_address'));
  return transport;
}

function readEndpoint(read: Reader): PjsipEndpoint {
  const endpoint: PjsipEndpoint = {};
  const assign = <K extends keyof PjsipEndpoint>(key: K, value: PjsipEndpoint[K] | undefined): void => {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) endpoint[key] = value;
  };
  assign('aors', read.list('aors'));
  assign('outboundAuth', read.list('outbound_auth'));
  assign('auth', read.list('auth'));
  assign('fromUser', read.text('from_user'));
  assign('fromDomain', read.text('from_domain'));
  assign('transport', read.text('transport'));
  assign('context', read.text('context'));
  assign('messageContext', read.text('message_context'));
  assign('outboundProxy', read.text('outbound_proxy'));
  assign('callerid', read.text('callerid'));
  assign('userEqPhone', read.bool('user_eq_phone'));
  assign('identifyBy', readMethods(read, 'identify_by', IDENTIFY_METHODS));
  return endpoint;
}

function readAor(read: Reader): PjsipAor {
  const aor: PjsipAor = {};
  const assign = <K extends keyof PjsipAor>(key: K, value: PjsipAor[K] | undefined): void => {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) aor[key] = value;
  };
  assign('contacts', read.list('contact'));
  assign('maxContacts', read.int('max_contacts'));
  assign('removeExisting', read.bool('remove_existing'));
  assign('defaultExpiration', read.int('default_expiration'));
  assign('minimumExpiration', read.int('minimum_expiration'));
  assign('maximumExpiration', read.int('maximum_expiration'));
  return aor;
}

function readAuth(read: Reader, warnings: string[], where: string): PjsipAuth {
  const type = (read.text('auth_type') ?? 'userpass').toLowerCase();
  if (type !== 'userpass')
    warnings.push(`${where}: auth_type=${type} is not supported (only userpass); this auth will not match`);
  const username = read.text('username');
  if (!username) throw read.error('username', 'an auth section needs username=');
  const auth: PjsipAuth = { username, password: read.text('password') ?? '' };
  const realm = read.text('realm');
  if (realm !== undefined) auth.realm = realm;
  const lifetime = read.int('nonce_lifetime', { min: 1, max: 86_400 });
  if (lifetime !== undefined) auth.nonceLifetime = lifetime;
  const algorithms = read.list('supported_algorithms_uas').map((name) => name.toUpperCase());
  if (algorithms.length > 0) {
    const unknown = algorithms.filter((name) => !['MD5', 'SHA-256', 'SHA-512-256'].includes(name));
    if (unknown.length > 0)
      throw read.error(
        'supported_algorithms_uas',
        `unsupported algorithm ${unknown.join(', ')} (MD5, SHA-256, SHA-512-256)`,
      );
    auth.supportedAlgorithmsUas = algorithms as NonNullable<PjsipAuth['supportedAlgorithmsUas']>;
  }
  return auth;
}
