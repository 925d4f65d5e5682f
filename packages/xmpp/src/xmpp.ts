import {
  createDeadline,
  type ExplainOutcome,
  formatJid,
  type Logger,
  type Message,
  type MessageTech,
  Reason,
  TECH_API_VERSION,
  type TechExplainInput,
  type TechHost,
  type TechSendContext,
  type TechSendOutcome,
  type TechSendRequest,
  toLogger,
} from '@messagesend/core';
import { XmppAccount } from './account/account.js';
import { parseXmppConf } from './config/parse-conf.js';
import type { XmppConfig } from './config/types.js';
import type { XmppTrace } from './connection/wire-trace.js';
import { parseXmppDestination, type XmppTarget } from './destination.js';
import { buildXmppOutgoing } from './outgoing.js';
import { accountSection, resolveAccount } from './resolve.js';

export type { XmppTrace, XmppTraceEvent } from './connection/wire-trace.js';
export type { XmppTarget } from './destination.js';

export interface XmppOptions {
  /** xmpp.conf text, or the typed object form. */
  config: XmppConfig | string;
  configFile?: string;
  /** Technology name and prefix (default `xmpp`). */
  name?: string;
  /** Extra CA certificates (PEM) trusted for STARTTLS, besides the system's. */
  ca?: string | Buffer;
  /** Bound for connecting and logging in (default 15 s; SCRAM with many iterations is slow). */
  connectTimeoutMs?: number;
  /** While an account reconnects: `queue` (default) holds sends up to `queueLimit`, `fail` refuses them. */
  whenDisconnected?: 'queue' | 'fail';
  /** Sends held per account while it reconnects (default 1000); messages awaiting a resend are not counted. */
  queueLimit?: number;
  /** Serialized bytes those held sends may take per account (default 4 MiB). */
  queueByteLimit?: number;
  /** Largest message stanza sent, in bytes (default 262144, Prosody's and ejabberd's c2s limit): a server closes the stream on a bigger one. */
  maxStanzaBytes?: number;
  /** Most bytes accepted from a server without a complete element before dropping it (default 1 MiB). */
  maxElementBytes?: number;
  /** First reconnect delay, doubled up to 30 s (default 1 s). */
  reconnectDelayMs?: number;
  /** Ask recipients for XEP-0184 receipts and report delivered only on one (default false). */
  receipts?: boolean;
  /**
   * Most time between writing a message and asking the server to acknowledge it (XEP-0198 `<r/>`),
   * steady traffic or not (default 250 ms, xmpp.js's delay): a report settles about this long after
   * its message left; lower means earlier reports and more traffic.
   */
  ackRequestDelayMs?: number;
  /**
   * How long the server may leave an ack request unanswered (it sends nothing at all meanwhile)
   * before the stream counts as broken and the account reconnects (default 30 s; 0 or `keepalive=no`
   * in xmpp.conf turns the check off).
   */
  ackTimeoutMs?: number;
  logger?: Logger;
  /**
   * Everything each account's connection writes and every element it reads (`messagesend --trace`),
   * with SASL payloads (`<auth>`, `<challenge>`, `<response>`, `<success>`) and the account's secret
   * replaced by `***`. Absent, nothing is hooked.
   */
  trace?: XmppTrace;
}

export interface XmppTech extends MessageTech<XmppTarget> {
  readonly config: XmppConfig;
  readonly warnings: readonly string[];
  /** The account and the stanza a send would use, without connecting (the CLI's `verify`). */
  explain(destination: string, input?: TechExplainInput): ExplainOutcome;
}

/** Prosody's (c2s_stanza_size_limit) and ejabberd's (max_stanza_size) default. */
const DEFAULT_MAX_STANZA_BYTES = 262_144;

/** The `xmpp:` technology: chat messages from xmpp.conf accounts (Asterisk's res_xmpp rules). */
export function xmpp(options: XmppOptions): XmppTech {
  const warnings: string[] = [];
  const config =
    typeof options.config === 'string'
      ? readText(options.config, options.configFile, warnings)
      : options.config;
  const name = options.name ?? 'xmpp';
  const accounts = new Map<string, XmppAccount>();
  let logger = toLogger(options.logger);
  let host: TechHost | undefined;
  let closed = false;

  const accountNamed = (wanted: string): XmppAccount | undefined => {
    const known = accounts.get(wanted);
    if (known) return known;
    const key = accountSection(config, wanted);
    if (key === undefined) return undefined;
    let account = accounts.get(key);
    if (!account) {
      const accountConfig = config.accounts![key]!;
      account = new XmppAccount({
        name: key,
        config: accountConfig,
        ...(options.ca ? { ca: options.ca } : {}),
        connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
        whenDisconnected: options.whenDisconnected ?? 'queue',
        queueLimit: options.queueLimit ?? 1_000,
        queueByteLimit: options.queueByteLimit ?? 4 * 1024 * 1024,
        maxElementBytes: options.maxElementBytes ?? 1024 * 1024,
        reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
        ackRequestDelayMs: options.ackRequestDelayMs ?? 250,
        ackTimeoutMs: options.ackTimeoutMs ?? 30_000,
        receipts: options.receipts === true,
        logger,
        ...(options.trace ? { trace: options.trace } : {}),
        ...(accountConfig.sendToDialplan ? { onInbound: (message) => void host?.receive(message) } : {}),
      });
      accounts.set(key, account);
    }
    return account;
  };

  // A destination parses the same every time: once per string (results are never changed).
  const parses = new Map<string, ReturnType<typeof parseXmppDestination>>();
  const parseCached = (destination: string): ReturnType<typeof parseXmppDestination> => {
    let result = parses.get(destination);
    if (result === undefined) {
      result = parseXmppDestination(destination, name);
      // A JID is at most 3071 bytes: longer strings are parsed, never kept.
      if (typeof destination === 'string' && destination.length <= 4096) {
        if (parses.size >= 1_000) parses.clear();
        parses.set(destination, result);
      }
    }
    return result;
  };

  // The account a from argument names does not change between sends: resolved once per string.
  const resolutions = new Map<string | undefined, ReturnType<typeof resolveAccount>>();
  const resolveCached = (from: string | undefined) => {
    let resolved = resolutions.get(from);
    if (resolved === undefined) {
      if (resolutions.size >= 1_000) resolutions.clear();
      resolved = resolveAccount(from, config);
      resolutions.set(from, resolved);
    }
    return resolved;
  };

  /** The one place a send is worked out (send, its dry run and explain): the account and the stanza. */
  const prepare = (
    target: XmppTarget,
    input: { message: Message; from?: string | undefined; to?: string | undefined },
  ) => {
    const warnings: string[] = [];
    if (input.to !== undefined || input.message.to !== undefined)
      warnings.push('the to argument is ignored by xmpp: (as in Asterisk)');
    const resolved = resolveCached(input.from);
    if (!resolved.ok) return { ...resolved, warnings };
    const account = accountNamed(resolved.section)!;
    const outgoing = buildXmppOutgoing({
      to: target.jid,
      body: input.message.body,
      receipts: options.receipts === true,
      fullJid: account.fullJid,
      maxStanzaBytes: options.maxStanzaBytes ?? DEFAULT_MAX_STANZA_BYTES,
    });
    if (!outgoing.ok) return { ...outgoing, warnings };
    return { ok: true as const, account, build: outgoing.build, warnings };
  };

  const sendOn = (
    request: TechSendRequest<XmppTarget>,
    context: TechSendContext,
  ): Promise<TechSendOutcome> => {
    if (closed)
      return Promise.resolve({ status: 'FAILURE', reason: Reason.TechClosed, detail: `${name} is closed` });
    const prepared = prepare(request.target, request);
    const { warnings } = prepared;
    if (!prepared.ok)
      return Promise.resolve({
        status: 'FAILURE',
        reason: prepared.reason,
        detail: prepared.detail,
        warnings,
      });
    const { account, build } = prepared;
    if (request.dryRun)
      return Promise.resolve({
        status: 'SUCCESS',
        preview: build(account.fullJid, 'dry-run').toString(),
        warnings,
      });
    // The router's deadline when it gives one (its signal ends the report); a caller without a
    // router gets an equal one of our own, made only now (a refusal above leaves none behind)
    // and disposed with the report.
    const owned = context.deadline ? undefined : createDeadline(context.timeoutMs);
    const sending = account.send(build, context.deadline ?? owned!, request.message.id);
    if (!owned && warnings.length === 0) return sending;
    return sending.then((outcome) => {
      if (owned) void (outcome.delivery ?? Promise.resolve()).finally(() => owned.dispose());
      if (warnings.length === 0) return outcome;
      return { ...outcome, warnings: [...warnings, ...(outcome.warnings ?? [])] };
    });
  };

  return {
    name,
    apiVersion: TECH_API_VERSION,
    config,
    warnings,
    examples: {
      valid: [`${name}:bob@example.org`, `${name}:bob@example.org/phone`],
      invalid: [`${name}:`, `${name}:@example.org`],
    },
    parse: parseCached,
    format: (target) => `${name}:${formatJid(target.jid)}`,
    attach(h) {
      host = h;
      logger = toLogger(options.logger ?? h.logger);
    },
    async start() {
      // Accounts that take inbound messages connect at start; the others on their first send.
      for (const [section, account] of Object.entries(config.accounts ?? {})) {
        if (!account.sendToDialplan) continue;
        const result = await accountNamed(section)!.start();
        if (!result.ok)
          logger.warn('xmpp account could not connect at start', {
            account: section,
            reason: result.reason,
            detail: result.detail,
          });
      }
    },
    explain(destination, input = {}) {
      const parsed = parseXmppDestination(destination, name);
      if (!parsed.ok)
        return { ok: false, reason: Reason.DestinationUnparsable, detail: parsed.error.message };
      const prepared = prepare(parsed.value, {
        message: { body: input.body ?? '' },
        from: input.from,
        to: input.to,
      });
      if (!prepared.ok) return { ok: false, reason: prepared.reason, detail: prepared.detail };
      const stanza = prepared.build(prepared.account.fullJid, 'dry-run').toString();
      const { jid } = parsed.value;
      return {
        ok: true,
        form: jid.resource !== undefined ? 'full JID' : jid.local !== undefined ? 'bare JID' : 'domain JID',
        stanza,
        warnings: prepared.warnings,
        preview: stanza,
      };
    },
    // Not async: a send with nothing to add to the account's outcome returns the account's own
    // promise, so a message costs no async frame here (a throw is still a rejection).
    send(request, context) {
      try {
        return sendOn(request, context);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async close() {
      closed = true;
      await Promise.all([...accounts.values()].map((account) => account.close()));
    },
  };
}

function readText(text: string, file: string | undefined, warnings: string[]): XmppConfig {
  const parsedConf = parseXmppConf(text, file === undefined ? {} : { file });
  warnings.push(...parsedConf.warnings);
  return parsedConf.config;
}
