import { type MessageTech, TECH_API_VERSION } from '@messagesend/core';
import {
  type IncomingRequest,
  MemoryRegistrationStore,
  type RegistrationStore,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import { type Deliver, type SipTechOptions, sipTechRuntime } from '@messagesend/sip-ua/tech-kit';
import { parseSipConf } from './config/parse-conf.js';
import { securityWarnings } from './config/security-warnings.js';
import type { SipConfig } from './config/types.js';
import { parseSipDestination, type SipTarget } from './destination.js';
import { SipTechReason } from './errors.js';
import { buildFrom } from './from.js';
import { PeerAuth } from './inbound-auth.js';
import { handleMessage } from './inbound-message.js';
import { outboundCredentials } from './outbound-auth.js';
import { buildSipOutgoing } from './outgoing.js';
import { handleRegister } from './registrar.js';
import { resolveSip } from './resolve.js';
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
  addresses(): { protocol: string; host: string; port: number }[];
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
  const general = config.general ?? {};
  const specs = transportSpecs(config);
  const runtime = sipTechRuntime({
    name,
    transports: specs,
    logger: options.logger,
    resolver: options.resolver,
    timers: options.timers,
    limits: options.limits,
    closeGraceMs: options.closeGraceMs,
    answer,
  });

  function answer(request: IncomingRequest, deliver: Deliver): Promise<ResponseSpec> | ResponseSpec {
    if (request.method === 'REGISTER') return handleRegister(request, config, store, auth);
    return handleMessage(request, config, auth, deliver);
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
    parse: (destination) => parseSipDestination(destination, config),
    format: (target, formatOptions) =>
      formatOptions?.redact ? target.text.replace(/^(<?\s*sips?:[^:@<>]+:)[^@<>]*@/i, '$1***@') : target.text,
    attach: runtime.attach,
    start: runtime.start,
    addresses: runtime.addresses,
    async send(request, context) {
      const closed = runtime.closedOutcome();
      if (closed) return closed;
      const warnings: string[] = [];
      if (request.to !== undefined || request.message.to !== undefined)
        warnings.push('the to argument is ignored by sip: (as chan_sip)');
      if (request.from === undefined && request.message.from !== undefined) {
        warnings.push('message.from is ignored by sip: (chan_sip uses only the from argument)');
      }
      const override = Object.entries(request.message.data ?? {}).find(
        ([key]) => key.toLowerCase() === 'request-uri',
      )?.[1];
      const resolved = resolveSip(request.target, config, store, override);
      if (!resolved.ok)
        return { status: 'FAILURE', reason: resolved.reason, detail: resolved.detail, warnings };
      if (resolved.value.passwordDropped)
        warnings.push('a password in the destination URI was not sent (RFC 3261 §19.1.1)');
      // chan_sip builds every request for its UDP address, whatever the peer's transport.
      const sending = await runtime.stackFor(request.dryRun, context, undefined, {
        startFailedReason: SipTechReason.StartFailed,
        warnings,
      });
      if (!sending.ok) return sending.outcome;
      const { stack: running, local } = sending;
      const peer = resolved.value.peer;
      const built = buildSipOutgoing({
        requestUri: resolved.value.requestUri,
        from: buildFrom(request.from, config, peer, local.host),
        localPort: local.port,
        tls: false,
        message: request.message,
        ...(peer?.outboundproxy
          ? {
              route: `<${peer.outboundproxy.replace(/^<|>$/g, '')}${/;lr/.test(peer.outboundproxy) ? '' : ';lr'}>`,
            }
          : {}),
        userAgent: general.useragent ?? 'messagesend',
        warnings,
      });
      if (!built.ok) return { status: 'FAILURE', reason: built.reason, detail: built.detail, warnings };
      if (!running) return { status: 'SUCCESS', preview: runtime.preview(built.request, local), warnings };
      const dispatch = {
        credentials: outboundCredentials(resolved.value.peerName, config),
        maxAuthAttempts: 3,
        ...(peer?.transport ? { protocol: peer.transport } : {}),
      };
      return runtime.dispatch(running, built.request, dispatch, context, warnings);
    },
    close: runtime.close,
  };
}

function readText(text: string, file: string | undefined, warnings: string[]): SipConfig {
  const parsed = parseSipConf(text, file === undefined ? {} : { file });
  warnings.push(...parsed.warnings);
  return parsed.config;
}
