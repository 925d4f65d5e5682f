import {
  type ExplainOutcome,
  type Explanation,
  type MessageTech,
  TECH_API_VERSION,
  type TechExplainInput,
  type TechSendContext,
  type TechSendOutcome,
} from '@messagesend/core';
import {
  type IncomingRequest,
  MemoryRegistrationStore,
  type RegistrationStatus,
  type RegistrationStore,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import {
  DESTINATION_MEMO_LIMIT,
  type Deliver,
  memoByDestination,
  type SipTechOptions,
  type StackForSend,
  sipTechRuntime,
} from '@messagesend/sip-ua/tech-kit';
import { parseSipConf } from './config/parse-conf.js';
import { securityWarnings } from './config/security-warnings.js';
import { skippedPeerFailure } from './config/skipped.js';
import type { SipConfig } from './config/types.js';
import { parseSipDestination, type SipTarget } from './destination.js';
import { ChanSipReason } from './errors.js';
import { PeerAuth } from './inbound-auth.js';
import { handleMessage } from './inbound-message.js';
import { outboundCredentials } from './outbound-auth.js';
import { type Prepared, type PrepareOptions, prepare } from './prepare.js';
import { handleRegister } from './registrar.js';
import { sipOutboundRegistrations } from './registration/outbound-registrations.js';
import { transportSpecs } from './transports.js';

export interface SipOptions extends SipTechOptions {
  /** sip.conf text, or the typed object form. */
  config: SipConfig | string;
  configFile?: string;
  /** Technology name and prefix (default `sip`); the prefix is also the URI scheme. */
  name?: string;
  /** Seconds the nonce of an inbound challenge stays good (default 32, as res_pjsip's nonce_lifetime). */
  nonceLifetime?: number;
}

export interface SipTech extends MessageTech<SipTarget> {
  readonly config: SipConfig;
  readonly warnings: readonly string[];
  readonly registrations: RegistrationStore;
  /** sip.conf's `register =>` lines and where each stands (registered, rejected and why, retrying at). */
  outboundRegistrations(): RegistrationStatus[];
  /** Resolves a destination and builds the request without sending (the CLI's `verify`). */
  explain(destination: string, input?: TechExplainInput): ExplainOutcome<SipExplanation>;
  addresses(): { protocol: string; host: string; port: number }[];
}

/** What `explain()` tells about a destination without sending anything. */
export interface SipExplanation extends Explanation {
  /** `peer`: the host part names a configured peer; `host`: it does not. */
  form: 'peer' | 'host';
  via: string;
  requestUri: string;
  from: string;
  to: string;
  warnings: string[];
}

/** The `sip:` technology (Asterisk's chan_sip rules), configured from sip.conf. */
export function sip(options: SipOptions): SipTech {
  const warnings: string[] = [];
  const config =
    typeof options.config === 'string'
      ? readText(options.config, options.configFile, warnings)
      : options.config;
  if (typeof options.config !== 'string') warnings.push(...securityWarnings(config));
  const name = options.name ?? 'sip';
  const store = options.registrations ?? new MemoryRegistrationStore();
  const auth = new PeerAuth(config, {
    allowRfc2069: options.allowRfc2069Digest === true,
    ...(options.nonceLifetime !== undefined ? { nonceLifetime: options.nonceLifetime } : {}),
  });
  const preparing: PrepareOptions = { config, store };
  // Fixed by the configuration: worked out once per peer (the key '' for no peer).
  const credentials = new Map<string, ReturnType<typeof outboundCredentials>>();
  const credentialsOf = (peerName: string | undefined): ReturnType<typeof outboundCredentials> => {
    let known = credentials.get(peerName ?? '');
    if (!known) {
      known = outboundCredentials(peerName, config);
      credentials.set(peerName ?? '', known);
    }
    return known;
  };
  const specs = transportSpecs(config);
  const runtime = sipTechRuntime({
    name,
    serverHeader: config.general?.userAgent,
    transports: specs,
    logger: options.logger,
    resolver: options.resolver,
    timers: options.timers,
    limits: options.limits,
    closeGraceMs: options.closeGraceMs,
    trace: options.trace,
    ca: options.ca,
    answer,
  });
  const trunks = sipOutboundRegistrations(config, { userAgent: 'messagesend' });

  function answer(request: IncomingRequest, deliver: Deliver): Promise<ResponseSpec> | ResponseSpec {
    if (request.method === 'REGISTER') return handleRegister(request, config, store, auth);
    return handleMessage(request, config, auth, deliver);
  }

  /** The prepared send from where the stack stands: its outcome, or the dispatch's promise of it. */
  function sendPrepared(
    sending: StackForSend,
    prepared: Prepared,
    context: TechSendContext,
  ): TechSendOutcome | Promise<TechSendOutcome> {
    if (!sending.ok) return sending.outcome;
    const { stack: running, local } = sending;
    const built = prepared.build(local);
    if (!built.ok)
      return { status: 'FAILURE', reason: built.reason, detail: built.detail, warnings: built.warnings };
    if (!running)
      return {
        status: 'SUCCESS',
        preview: runtime.preview(built.request, local),
        warnings: built.warnings,
      };
    // parse_register_contact: a peer registered over TCP is reached over TCP, whatever transport= lists first.
    const protocol = prepared.resolved.registeredProtocol ?? prepared.resolved.peer?.transport;
    // Every field present (protocol undefined when unset): one shape, no spread of a temporary.
    const dispatch = {
      credentials: credentialsOf(prepared.resolved.peerName),
      maxAuthAttempts: 3,
      protocol,
    };
    return runtime.dispatch(running, built.request, dispatch, context, built.warnings);
  }

  return {
    name,
    apiVersion: TECH_API_VERSION,
    config,
    warnings,
    registrations: store,
    examples: {
      valid: [`${name}:bob@example.com`, `${name}:<sip:bob@example.com>`],
      invalid: [`${name}:bob@`, `${name}:`],
    },
    // The parse depends only on the string and this (fixed) configuration.
    parse: memoByDestination(DESTINATION_MEMO_LIMIT, (destination) =>
      parseSipDestination(destination, config),
    ),
    format: (target, formatOptions) =>
      formatOptions?.redact ? target.text.replace(/^(<?\s*sips?:[^:@<>]+:)[^@<>]*@/i, '$1***@') : target.text,
    attach: runtime.attach,
    async start() {
      await runtime.start();
      await trunks.start(runtime);
    },
    outboundRegistrations: trunks.list,
    addresses: runtime.addresses,
    explain(destination, input = {}) {
      const message = {
        body: input.body ?? '',
        ...(input.contentType !== undefined ? { contentType: input.contentType } : {}),
        ...(input.data !== undefined ? { data: input.data } : {}),
      };
      const skipped = skippedPeerFailure(destination, config);
      if (skipped) return skipped;
      const prepared = prepare(destination, { message, from: input.from, to: input.to }, preparing);
      if (!prepared.ok) return { ok: false, reason: prepared.reason, detail: prepared.detail };
      // chan_sip builds every request for its UDP address, whatever the peer's transport.
      const address = runtime.configuredAddress(undefined);
      const built = prepared.build(address);
      if (!built.ok) return { ok: false, reason: built.reason, detail: built.detail };
      const header = (n: string) => built.request.headers.find((h) => h.name === n)?.value ?? '';
      return {
        ok: true,
        form: prepared.target.peer !== undefined ? 'peer' : 'host',
        ...(prepared.resolved.peerName !== undefined ? { endpoint: prepared.resolved.peerName } : {}),
        via: prepared.resolved.via,
        requestUri: built.request.uri,
        from: header('From'),
        to: header('To'),
        warnings: built.warnings,
        preview: runtime.preview(built.request, address),
      };
    },
    // Not async: on the hot path (stack running) the outcome is the dispatch's own promise, with no
    // async frame around it and no extra promise adopting it. A throw still becomes a rejection.
    send(request, context) {
      try {
        const closed = runtime.closedOutcome();
        if (closed) return Promise.resolve(closed);
        const skipped = skippedPeerFailure(request.target, config);
        if (skipped)
          return Promise.resolve({ status: 'FAILURE', reason: skipped.reason, detail: skipped.detail });
        const prepared = prepare(request.target, request, preparing);
        const { warnings } = prepared;
        if (!prepared.ok)
          return Promise.resolve({
            status: 'FAILURE',
            reason: prepared.reason,
            detail: prepared.detail,
            warnings,
          });
        // chan_sip builds every request for its UDP address, whatever the peer's transport.
        return runtime.withStack(
          request.dryRun,
          context,
          undefined,
          { startFailedReason: ChanSipReason.StartFailed, warnings },
          sendPrepared,
          prepared,
        );
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async close(closeOptions) {
      await trunks.close();
      await runtime.close(closeOptions);
    },
  };
}

function readText(text: string, file: string | undefined, warnings: string[]): SipConfig {
  const parsed = parseSipConf(text, file === undefined ? {} : { file });
  warnings.push(...parsed.warnings);
  return parsed.config;
}
