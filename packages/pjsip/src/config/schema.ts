import { type ConfValueContext, defineConfSection, confOption as o } from '@messagesend/core';
import type { IdentifierName, IdentifyMethod, PjsipAuth } from './types.js';

/** The section types of pjsip.conf messagesend reads, option by option (see the README). */

const IDENTIFY_METHODS: readonly IdentifyMethod[] = ['username', 'auth_username', 'ip', 'header'];
const IDENTIFIER_NAMES: readonly IdentifierName[] = [...IDENTIFY_METHODS, 'anonymous'];
const ALGORITHMS = ['MD5', 'SHA-256', 'SHA-512-256'] as const;

/** follow_redirect_methods: `message` only (any case), duplicates dropped; another method is an error. */
function redirectMethods(items: string[], context: ConfValueContext): 'message'[] {
  const values = items.map((value) => value.trim().toLowerCase()).filter((value) => value !== '');
  const unknown = values.filter((value) => value !== 'message');
  if (unknown.length > 0)
    throw context.error(
      `unrecognized SIP method ${unknown.join(', ')} for follow_redirect_methods (message)`,
    );
  return [...new Set(values as 'message'[])];
}

/** A comma-separated list of identification methods, duplicates dropped; an unknown name is an error. */
function methods<T extends string>(known: readonly T[]) {
  return (items: string[], context: ConfValueContext): T[] => {
    const values = items.map((value) => value.toLowerCase());
    const unknown = values.filter((value) => !known.includes(value as T));
    if (unknown.length > 0)
      throw context.error(`unknown identification method ${unknown.join(', ')} (${known.join(', ')})`);
    return [...new Set(values as T[])];
  };
}

/** The loader dispatches on `type`; it is not an option of the result. */
const type = o.ignored();

export const GLOBAL = defineConfSection('global', {
  type,
  default_outbound_endpoint: o.string({ to: 'defaultOutboundEndpoint' }),
  max_forwards: o.integer({ to: 'maxForwards', min: 1 }),
  user_agent: o.string({ to: 'userAgent' }),
  ignore_uri_user_options: o.boolean({ to: 'ignoreUriUserOptions' }),
  endpoint_identifier_order: o.list({ to: 'endpointIdentifierOrder', parse: methods(IDENTIFIER_NAMES) }),
  keep_alive_interval: o.ignored(),
  debug: o.ignored(),
});

export const TRANSPORT = defineConfSection('transport', {
  type,
  protocol: o.custom(
    (value, context) => {
      const protocol = value.toLowerCase();
      if (protocol !== 'udp' && protocol !== 'tcp' && protocol !== 'tls')
        throw context.error(`"${protocol}" is not supported (udp, tcp or tls)`);
      return protocol;
    },
    { default: 'udp' },
  ),
  bind: o.string(),
  cert_file: o.string({ to: 'certFile' }),
  priv_key_file: o.string({ to: 'privKeyFile' }),
  ca_list_file: o.string({ to: 'caListFile' }),
  verify_server: o.boolean({ to: 'verifyServer' }),
  external_signaling_address: o.string({ to: 'externalSignalingAddress' }),
  verify_client: o.ignored('not implemented: client certificates are neither requested nor verified'),
  method: o.ignored("not implemented: TLS versions are Node.js's defaults"),
  local_net: o.ignored(),
  external_media_address: o.ignored(),
  external_signaling_port: o.ignored(),
  tos: o.ignored(),
  cos: o.ignored(),
  allow_reload: o.ignored(),
});

/** Options that matter only for calls and media: accepted without a warning, with no effect on messaging. */
const MEDIA_OPTIONS =
  'allow disallow direct_media dtmf_mode rtp_symmetric ice_support media_encryption rtp_timeout rtp_keepalive send_pai send_rpid trust_id_inbound trust_id_outbound t38_udptl timers qualify_frequency qualify_timeout authenticate_qualify language tone_zone mailboxes moh_suggest device_state_busy_at sdp_owner sdp_session media_address bind_rtp_to_media_address rtp_ipv6 use_avpf webrtc dtls_auto_generate_cert connected_line_method callerid_privacy callerid_tag call_group pickup_group named_call_group named_pickup_group allow_subscribe sub_min_expiry aggregate_mwi set_var';

export const ENDPOINT = defineConfSection('endpoint', {
  type,
  aors: o.list(),
  outbound_auth: o.list({ to: 'outboundAuth' }),
  auth: o.list(),
  from_user: o.string({ to: 'fromUser' }),
  from_domain: o.string({ to: 'fromDomain' }),
  transport: o.string(),
  context: o.string(),
  message_context: o.string({ to: 'messageContext' }),
  outbound_proxy: o.string({ to: 'outboundProxy' }),
  callerid: o.string({ to: 'callerId' }),
  user_eq_phone: o.boolean({ to: 'userEqPhone' }),
  rewrite_contact: o.boolean({ to: 'rewriteContact' }),
  // Responses always go to the source address and port (rport), as with Asterisk's default yes.
  force_rport: o.boolean({ to: 'forceRport' }),
  identify_by: o.list({ to: 'identifyBy', parse: methods(IDENTIFY_METHODS) }),
  // res_pjsip follow_redirect_methods_handler: MESSAGE is the one method it knows; others refuse the section.
  follow_redirect_methods: o.list({ to: 'followRedirectMethods', parse: redirectMethods }),
  ...Object.fromEntries(MEDIA_OPTIONS.split(' ').map((name) => [name, o.ignored()])),
});

export const AOR = defineConfSection('aor', {
  type,
  contact: o.list({ to: 'contacts' }),
  max_contacts: o.integer({ to: 'maxContacts' }),
  remove_existing: o.boolean({ to: 'removeExisting' }),
  default_expiration: o.integer({ to: 'defaultExpiration' }),
  minimum_expiration: o.integer({ to: 'minimumExpiration' }),
  maximum_expiration: o.integer({ to: 'maximumExpiration' }),
  qualify_frequency: o.ignored(),
  qualify_timeout: o.ignored(),
  authenticate_qualify: o.ignored(),
  mailboxes: o.ignored(),
  support_path: o.ignored(),
  outbound_proxy: o.ignored(),
});

export const AUTH = defineConfSection('auth', {
  type,
  /** Checked by the loader (only userpass matches). */
  auth_type: o.string({ to: 'authType', default: 'userpass' }),
  username: o.string({ required: 'an auth section needs username=' }),
  password: o.string({ default: '' }),
  realm: o.string(),
  nonce_lifetime: o.integer({ to: 'nonceLifetime', min: 1, max: 86_400 }),
  supported_algorithms_uas: o.list({
    to: 'supportedAlgorithmsUas',
    parse: (items, context): NonNullable<PjsipAuth['supportedAlgorithmsUas']> => {
      const algorithms = items.map((name) => name.toUpperCase());
      const unknown = algorithms.filter((name) => !(ALGORITHMS as readonly string[]).includes(name));
      if (unknown.length > 0)
        throw context.error(`unsupported algorithm ${unknown.join(', ')} (${ALGORITHMS.join(', ')})`);
      return algorithms as NonNullable<PjsipAuth['supportedAlgorithmsUas']>;
    },
  }),
  md5_cred: o.ignored(),
  supported_algorithms_uac: o.ignored(),
});

export const IDENTIFY = defineConfSection('identify', {
  type,
  endpoint: o.string({ required: 'an identify section needs endpoint=' }),
  match: o.list({ default: [] }),
  match_header: o.custom(
    (header, context) => {
      const colon = header.indexOf(':');
      if (colon <= 0 || header.slice(0, colon).trim() === '')
        throw context.error(`expected "Header: value", got "${header}"`);
      return header;
    },
    { to: 'matchHeader' },
  ),
  srv_lookups: o.ignored(),
});
