import {
  type ExplainOutcome,
  type Explanation,
  type Failure,
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
  type TransportProtocol,
} from '@messagesend/sip-ua';
import {
  DESTINATION_MEMO_LIMIT,
  type Deliver,
  memoByDestination,
  type SipTechOptions,
  type StackForSend,
  sipTechRuntime,
} from '@messagesend/sip-ua/tech-kit';
import { parsePjsipConf } from './config/parse-conf.js';
import { securityWarnings } from './config/security-warnings.js';
import { skippedSectionFailure } from './config/skipped.js';
import type { PjsipConfig } from './config/types.js';
import { classifyDestination, type PjsipTarget } from './destination.js';
import { PjsipReason } from './errors.js';
import { compileIdentify, identifyEndpoint } from './identify.js';
import { InboundAuth } from './inbound-auth.js';
import { handleMessage } from './inbound-message.js';
import { outboundCredentials } from './outbound-auth.js';
import { type Prepared, type PrepareOptions, prepare } from './prepare.js';
import { dispatchFollowingRedirects } from './redirect-dispatch.js';
import { handleRegister } from './registrar.js';
import { pjsipOutboundRegistrations, registeringStackOf } from './registration/outbound-registrations.js';
import type { ResolvedTarget } from './resolve.js';
import { transportSpecs } from './transports.js';

export interface PjsipOptions extends SipTechOptions {
  /** pjsip.conf text, or the typed object form. */
  config: PjsipConfig | string;
  /** File name for errors and the base of relative `#include`s when `config` is text. */
  configFile?: string;
  /** Technology name and prefix (default `pjsip`). */
  name?: string;
  /** Inbound MESSAGE bodies over this many bytes are answered 413 (default 1023, Asterisk's limit). */
  maxInboundBodyBytes?: number;
  /** User-Agent when pjsip.conf sets none (default `messagesend`). */
  userAgent?: string;
  /**
   * The clock registrations are stored and expire by (epoch ms, default `Date.now`): a test
   * advances it instead of waiting for a binding to expire.
   */
  now?: () => number;
}

/** What `explain()` tells about a destination without sending anything. */
export interface PjsipExplanation extends Explanation {
  form: PjsipTarget['form'];
  endpoint: string;
  via: string;
  requestUri: string;
  from: string;
  to: string;
  warnings: string[];
  preview: string;
}

export interface PjsipTech extends MessageTech<PjsipTarget> {
  readonly config: PjsipConfig;
  /** Configuration warnings: unknown options, ignored sections. */
  readonly warnings: readonly string[];
  readonly registrations: RegistrationStore;
  /** pjsip.conf's `type=registration` sections and where each stands (registered, rejected and why, retrying at). */
  outboundRegistrations(): RegistrationStatus[];
  /** Resolves a destination and builds the request without sending (the CLI's `verify`). */
  explain(destination: string, input?: TechExplainInput): ExplainOutcome<PjsipExplanation>;
  /** The bound SIP addresses once started. */
  addresses(): { protocol: TransportProtocol; host: string; port: number }[];
}

/** The `pjsip:` technology, configured from pjsip.conf. */
export function pjsip(options: PjsipOptions): PjsipTech {
  const warnings: string[] = [];
  const config =
    typeof options.config === 'string'
      ? readText(options.config, options.configFile, warnings)
      : options.config;
  if (typeof options.config !== 'string') warnings.push(...securityWarnings(config));
  const name = options.name ?? 'pjsip';
  const store = options.registrations ?? new MemoryRegistrationStore();
  const now = options.now ?? Date.now;
  const matchers = compileIdentify(config, warnings);
  const specs = transportSpecs(config, warnings);
  const inboundAuth = new InboundAuth(config, { allowRfc2069: options.allowRfc2069Digest === true });
  const userAgent = options.userAgent ?? 'messagesend';
  const runtime = sipTechRuntime({
    name,
    serverHeader: config.global?.userAgent,
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
  const trunks = pjsipOutboundRegistrations(config, { userAgent }, warnings);

  async function answer(request: IncomingRequest, deliver: Deliver): Promise<ResponseSpec> {
    const identified = await identifyEndpoint(request, config, matchers, trunks.lineEndpoint);
    if (!identified)
      return (
        inboundAuth.challengeUnidentified(request) ?? {
          status: 403,
          reason: 'Forbidden (no matching endpoint)',
        }
      );
    const spec = await answerEndpoint(request, identified.endpoint, deliver);
    // force_rport=no (res_pjsip_nat.c leaves the Via alone): rport only when the phone asks for it.
    const forceRport = config.endpoints?.[identified.endpoint]?.forceRport !== false;
    return forceRport ? spec : { ...spec, responsePort: 'sent-by' };
  }

  async function answerEndpoint(
    request: IncomingRequest,
    endpoint: string,
    deliver: Deliver,
  ): Promise<ResponseSpec> {
    const refusal = inboundAuth.check(request, endpoint);
    if (refusal) return refusal;
    if (request.method === 'REGISTER')
      return handleRegister(request, endpoint, config, store, undefined, now());
    return handleMessage(
      request,
      endpoint,
      config,
      { maxBodyBytes: options.maxInboundBodyBytes ?? 1023 },
      deliver,
    );
  }

  const preparing: PrepareOptions = { config, store, defaultUserAgent: userAgent, now };
  // An endpoint's outbound credentials are fixed by the configuration: worked out once per endpoint.
  const credentialsByEndpoint = new WeakMap<object, ReturnType<typeof outboundCredentials>>();
  const credentialsOf = (resolved: ResolvedTarget): ReturnType<typeof outboundCredentials> => {
    let credentials = credentialsByEndpoint.get(resolved.endpoint);
    if (!credentials) {
      credentials = outboundCredentials(resolved, config);
      credentialsByEndpoint.set(resolved.endpoint, credentials);
    }
    return credentials;
  };
  // The classification depends only on the string and this (fixed) configuration.
  const classify = memoByDestination(DESTINATION_MEMO_LIMIT, (destination) =>
    classifyDestination(destination, config),
  );
  /** The prepared send from where the stack stands: its outcome, or the dispatch's promise of it. */
  function sendPrepared(
    sending: StackForSend,
    prepared: Prepared,
    context: TechSendContext,
  ): TechSendOutcome | Promise<TechSendOutcome> {
    if (!sending.ok) return sending.outcome;
    const built = prepared.build(sending.local.host);
    if (!built.ok)
      return { status: 'FAILURE', reason: built.reason, detail: built.detail, warnings: built.warnings };
    if (!sending.stack)
      return {
        status: 'SUCCESS',
        preview: runtime.preview(built.request, sending.local),
        warnings: built.warnings,
      };
    const dispatch = {
      credentials: credentialsOf(prepared.resolved),
      maxAuthAttempts: 10,
      protocol: prepared.protocol,
    };
    const endpoint = config.endpoints?.[prepared.resolved.endpointName ?? ''];
    if (endpoint?.followRedirectMethods?.includes('message'))
      return dispatchFollowingRedirects(sending.stack, built.request, dispatch, context, built.warnings);
    return runtime.dispatch(sending.stack, built.request, dispatch, context, built.warnings);
  }

  const tech: PjsipTech = {
    name,
    apiVersion: TECH_API_VERSION,
    config,
    warnings,
    registrations: store,
    examples: {
      valid: [`${name}:alice`, `${name}:sip:bob@example.com`],
      invalid: [`${name}:`, `${name}:sip:bob@`],
    },
    parse: classify,
    format: (target, formatOptions) =>
      `${name}:${formatOptions?.redact ? redactPassword(target.text) : target.text}`,
    attach: runtime.attach,
    async start() {
      await runtime.start();
      await trunks.start(registeringStackOf(runtime));
    },
    outboundRegistrations: trunks.list,
    addresses: runtime.addresses,
    explain(destination, input = {}) {
      const skipped = skippedSectionFailure(destination, config);
      if (skipped) return skipped;
      const prepared = prepare(destination, explainMessage(input), preparing);
      if (!prepared.ok) return failure(prepared);
      const address = runtime.configuredAddress(prepared.protocol);
      const built = prepared.build(address.host);
      if (!built.ok) return failure(built);
      const header = (n: string) => built.request.headers.find((h) => h.name === n)?.value ?? '';
      return {
        ok: true,
        form: prepared.target.form,
        endpoint: prepared.resolved.endpointName,
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
        const skipped = skippedSectionFailure(request.target, config);
        if (skipped)
          return Promise.resolve({ status: 'FAILURE', reason: skipped.reason, detail: skipped.detail });
        const prepared = prepare(request.target, request, preparing);
        if (!prepared.ok)
          return Promise.resolve({ status: 'FAILURE', reason: prepared.reason, detail: prepared.detail });
        return runtime.withStack(
          request.dryRun,
          context,
          prepared.protocol,
          START_FAILED,
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
  return tech;
}

const START_FAILED = { startFailedReason: PjsipReason.StartFailed };

function readText(text: string, file: string | undefined, warnings: string[]): PjsipConfig {
  const parsed = parsePjsipConf(text, file === undefined ? {} : { file });
  warnings.push(...parsed.warnings);
  return parsed.config;
}

/** explain()'s input as a send's message and MessageSend's from/to arguments. */
function explainMessage(input: TechExplainInput) {
  const message = {
    body: input.body ?? '',
    ...(input.contentType !== undefined ? { contentType: input.contentType } : {}),
    ...(input.data !== undefined ? { data: input.data } : {}),
  };
  return { message, from: input.from, to: input.to };
}

function failure(from: { reason: string; detail: string }): Failure {
  return { ok: false, reason: from.reason, detail: from.detail };
}

function redactPassword(text: string): string {
  return text.replace(/(sips?:[^:@/<>"\s]+:)[^@/<>"\s]*@/g, '$1***@');
}
