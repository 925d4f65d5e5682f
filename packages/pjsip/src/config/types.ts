/** The typed form of pjsip.conf: what `parsePjsipConf` returns and what `pjsip({ config })` accepts. */
export interface PjsipConfig {
  global?: PjsipGlobal;
  transports?: Record<string, PjsipTransport>;
  endpoints?: Record<string, PjsipEndpoint>;
  aors?: Record<string, PjsipAor>;
  auths?: Record<string, PjsipAuth>;
  identifies?: PjsipIdentify[];
  /** `type=registration` sections by name. */
  registrations?: Record<string, PjsipRegistration>;
  /** Sections that failed to apply and were left out, with why. */
  skipped?: PjsipSkippedSection[];
}

export interface PjsipGlobal {
  /** Endpoint used for URI and host destinations (default `default_outbound_endpoint`). */
  defaultOutboundEndpoint?: string;
  /** Max-Forwards of outgoing requests (default 70). */
  maxForwards?: number;
  /** User-Agent header (default `messagesend`). */
  userAgent?: string;
  /** Cut `user;params@host` destinations at the `;` before endpoint lookup (default false). */
  ignoreUriUserOptions?: boolean;
  /**
   * The order identifiers are tried for inbound requests (default `ip,username,anonymous`, as
   * Asterisk); identifiers not listed are tried after, in the order header, auth_username.
   */
  endpointIdentifierOrder?: IdentifierName[];
}

/** How an endpoint may be identified (`identify_by`). */
export type IdentifyMethod = 'username' | 'auth_username' | 'ip' | 'header';
/** Identifier names of `endpoint_identifier_order`. */
export type IdentifierName = IdentifyMethod | 'anonymous';

export interface PjsipTransport {
  protocol: 'udp' | 'tcp' | 'tls';
  /** `host:port` (default `0.0.0.0:5060`; port 0 lets the system choose). */
  bind?: string;
  /** TLS: certificate, private key and CA files (PEM). */
  certFile?: string;
  privKeyFile?: string;
  caListFile?: string;
  /** TLS: verify the server's certificate (default true; Asterisk's default is no). */
  verifyServer?: boolean;
  /** Address to advertise in Via and in From when bound to a wildcard. */
  externalSignalingAddress?: string;
}

export interface PjsipEndpoint {
  aors?: string[];
  /** Auth sections used to answer 401/407 challenges. */
  outboundAuth?: string[];
  /** Auth sections inbound requests from this endpoint must satisfy. */
  auth?: string[];
  fromUser?: string;
  fromDomain?: string;
  /** Transport section name. */
  transport?: string;
  context?: string;
  messageContext?: string;
  /** URI of a proxy every request goes through (a Route header). */
  outboundProxy?: string;
  /** `"Name" <number>`: its name is PJSIP_ENDPOINT in inbound data, as in Asterisk. */
  callerId?: string;
  /** Add `;user=phone` to a Request-URI whose user is a phone number. */
  userEqPhone?: boolean;
  /** Methods whose 3xx answers are followed (res_pjsip redirect.c): only `message`. */
  followRedirectMethods?: 'message'[];
  /**
   * Store a REGISTER's first Contact at the address and port it came from (res_pjsip_nat.c),
   * for phones behind NAT. Default no, as in Asterisk.
   */
  rewriteContact?: boolean;
  /**
   * Asterisk's default yes: responses go to the source port. `no`: over UDP they go to the top
   * Via's sent-by port unless that Via has `rport` (RFC 3581 only when the phone asks for it).
   */
  forceRport?: boolean;
  /**
   * Ways this endpoint may be identified (default `username,ip`, as Asterisk). Without `username`
   * the From user never selects it; without `auth_username` the Authorization username never does.
   */
  identifyBy?: IdentifyMethod[];
}

export interface PjsipAor {
  /** Static contacts. */
  contacts?: string[];
  /** Registered contacts allowed (default 0: registration refused, as in Asterisk). */
  maxContacts?: number;
  removeExisting?: boolean;
  defaultExpiration?: number;
  minimumExpiration?: number;
  maximumExpiration?: number;
}

export interface PjsipAuth {
  username: string;
  password: string;
  realm?: string;
  /** Seconds a nonce sent in a challenge stays good (default 32, as Asterisk). */
  nonceLifetime?: number;
  /** Digest algorithms offered to inbound requests, strongest first (default MD5 only, as Asterisk). */
  supportedAlgorithmsUas?: ('MD5' | 'SHA-256' | 'SHA-512-256')[];
}

export interface PjsipIdentify {
  name: string;
  endpoint: string;
  /**
   * Source addresses: IPs, `ip/prefix` or `ip/dotted-mask` networks, an optional `:port`
   * (`[v6]:port`), or host names resolved (A/AAAA) when the technology starts.
   */
  match: string[];
  /** `Header: value` (exact) or `Header: /regex/`: a request carrying it is this endpoint's. */
  matchHeader?: string;
}

/** A `type=registration` section: messagesend registers to `serverUri` when the technology starts. */
export interface PjsipRegistration {
  serverUri: string;
  clientUri: string;
  /** User part of the Contact (default `s`, as Asterisk). */
  contactUser?: string;
  contactHeaderParams?: string;
  outboundAuth?: string[];
  outboundProxy?: string;
  transport?: string;
  /** Seconds asked for (default 3600). */
  expiration: number;
  retryInterval: number;
  forbiddenRetryInterval: number;
  fatalRetryInterval: number;
  maxRetries: number;
  authRejectionPermanent: boolean;
  /** Add `;line=` to the Contact and match inbound requests carrying it to `endpoint`. */
  line: boolean;
  endpoint?: string;
  userAgent?: string;
}

/** A section the loader skipped because it failed to apply (as Asterisk's sorcery skips it). */
export interface PjsipSkippedSection {
  type: string;
  name: string;
  /** `file:line [name]`. */
  place: string;
  reason: string;
}
