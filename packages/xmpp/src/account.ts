import { randomBytes } from 'node:crypto';
import {
  type DeliveryReport,
  type InboundMessage,
  type Logger,
  Reason,
  type SendDeadline,
  type TechSendOutcome,
} from '@messagesend/core';
import xml, { type Element } from '@xmpp/xml';
import type { XmppAccountConfig } from './config/types.js';
import { createConnection, startSession, type XmppConnection } from './connection.js';
import { XmppReason } from './errors.js';
import { stripControl } from './strip-control.js';

export interface AccountOptions {
  name: string;
  config: XmppAccountConfig;
  /** Extra CA certificates (PEM) to trust. */
  ca?: string | Buffer;
  connectTimeoutMs: number;
  /** While reconnecting: hold sends in a bounded queue, or fail them at once. */
  whenDisconnected: 'queue' | 'fail';
  /** Sends held while reconnecting (not counting messages waiting to be resent). */
  queueLimit: number;
  /** Serialized bytes those held sends may take. */
  queueByteLimit: number;
  /** Most bytes accepted from the server without a complete element. */
  maxElementBytes: number;
  reconnectDelayMs: number;
  /** Delay before asking the server to acknowledge what was sent (XEP-0198 `<r/>`). */
  ackRequestDelayMs: number;
  /** Ask the recipient for a XEP-0184 receipt and report delivered only when it comes. */
  receipts: boolean;
  logger: Logger;
  onInbound?: (message: Omit<InboundMessage, 'tech'>) => void;
}

type Report = Omit<DeliveryReport, 'elapsedMs'>;

interface Pending {
  id: string;
  stanza: Element;
  /** Serialized size, counted against queueByteLimit while the message waits unsent. */
  bytes: number;
  settle(report: Report): void;
  /** Stops listening to the send's deadline. */
  detach(): void;
  /** Written to a stream at least once: from then on it may have arrived. */
  written: boolean;
  /** Broken streams on which it was the oldest unacknowledged message: the likeliest cause. */
  breaks: number;
  acked?: boolean;
}

const MAX_RECONNECT_DELAY_MS = 30_000;
/** Broken streams a message may head before it is no longer resent. */
const MAX_BREAKS = 3;

/**
 * One xmpp.conf account: a long-lived connection made on first use, a report for every message
 * (the server's stream-management ack, a stanza error, a lost stream, or the deadline), and
 * reconnection with backoff after an outage, during which sends queue up to a bound or fail.
 */
export class XmppAccount {
  private connection: XmppConnection | undefined;
  /** The broken session's client, kept while the server may let us resume it. */
  private resumable: XmppConnection | undefined;
  private connecting: Promise<{ ok: true } | { ok: false; reason: string; detail: string }> | undefined;
  private everOnline = false;
  private closed = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private backoff: number;
  private readonly queue: Pending[] = [];
  private readonly inflight = new Map<string, Pending>();
  readonly fullJid: string;
  /** Stanza ids: a random prefix per account and a counter (no syscall per message). */
  private readonly idPrefix = `ms-${randomBytes(6).toString('base64url')}-`;
  private sent = 0;

  constructor(private readonly options: AccountOptions) {
    const { username } = options.config;
    this.fullJid = username.includes('/') ? username : `${username}/messagesend`;
    this.backoff = options.reconnectDelayMs;
  }

  get online(): boolean {
    return this.connection !== undefined;
  }

  /** Connects now (router.start()); resolves with the failure instead of throwing. */
  start(): Promise<{ ok: true } | { ok: false; reason: string; detail: string }> {
    return this.connect(this.options.connectTimeoutMs);
  }

  /**
   * `deadline` is the send's bound, shared with the router: when its signal aborts, the report
   * settles in the same turn with a code that says what is known, so the router keeps that code.
   */
  async send(build: (from: string, id: string) => Element, deadline: SendDeadline): Promise<TechSendOutcome> {
    if (this.closed)
      return { status: 'FAILURE', reason: Reason.TechClosed, detail: 'the xmpp technology is closed' };
    if (!this.connection && !this.everOnline) {
      const left = Math.max(1, deadline.remainingMs());
      const result = await this.connect(Math.min(this.options.connectTimeoutMs, left));
      if (!result.ok) return { status: 'FAILURE', reason: result.reason, detail: result.detail };
    }
    const id = `${this.idPrefix}${(this.sent++).toString(36)}`;
    const stanza = build(this.fullJid, id);
    let bytes = 0;
    if (!this.connection) {
      if (this.options.whenDisconnected === 'fail') {
        return {
          status: 'FAILURE',
          reason: XmppReason.NotConnected,
          detail: `account ${this.options.name} is reconnecting`,
        };
      }
      bytes = Buffer.byteLength(stanza.toString());
      const unsent = this.queue.filter((pending) => !pending.written);
      const held = unsent.reduce((sum, pending) => sum + pending.bytes, 0);
      if (unsent.length >= this.options.queueLimit || held + bytes > this.options.queueByteLimit) {
        return {
          status: 'FAILURE',
          reason: XmppReason.QueueFull,
          detail: `${unsent.length} messages (${held} bytes) already wait for account ${this.options.name} to reconnect (limits ${this.options.queueLimit} messages, ${this.options.queueByteLimit} bytes)`,
        };
      }
    }
    const delivery = new Promise<Report>((resolve) => {
      const pending: Pending = {
        id,
        stanza,
        bytes,
        written: false,
        breaks: 0,
        settle: (report) => {
          pending.detach();
          this.inflight.delete(id);
          const queued = this.queue.indexOf(pending);
          if (queued >= 0) this.queue.splice(queued, 1);
          resolve(report);
        },
        detach: () => {},
      };
      if (this.connection) this.transmit(pending);
      else this.queue.push(pending);
      // The deadline settles the report in the turn it ends (at once if it already has), with a
      // code that says what is known; the router's own fallback waits a macrotask, so this wins.
      const signal = deadline.signal;
      const expire = (): void => pending.settle(deadlineReport(pending));
      if (signal.aborted) expire();
      else {
        signal.addEventListener('abort', expire, { once: true });
        pending.detach = () => signal.removeEventListener('abort', expire);
      }
    });
    const warnings = this.connection ? [] : [`queued: account ${this.options.name} is reconnecting`];
    return { status: 'SUCCESS', warnings, delivery };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    for (const pending of [...this.queue, ...this.inflight.values()]) {
      pending.settle(
        pending.written
          ? {
              outcome: 'error',
              code: XmppReason.OutcomeUnknown,
              detail: 'closed before the server acknowledged the message: it may or may not have arrived',
            }
          : {
              outcome: 'not-sent',
              code: Reason.TechClosed,
              detail: 'closed before the message could be sent',
            },
      );
    }
    await this.connecting?.catch(() => undefined);
    if (this.resumable) destroyNow(this.resumable);
    this.resumable = undefined;
    await this.dispose();
  }

  private transmit(pending: Pending): void {
    const connection = this.connection!;
    // Known before writing: once the stream breaks, xmpp.js forgets it had stream management.
    const acks = connection.sm.enabled || connection.sm.enableSent;
    pending.written = true;
    this.inflight.set(pending.id, pending);
    connection.entity.send(pending.stanza).then(
      () => {
        // Without stream management the server gives no ack: written is as far as we can know.
        if (!acks && !this.options.receipts && this.inflight.get(pending.id) === pending)
          pending.settle({
            outcome: 'delivered',
            code: XmppReason.Written,
            detail: 'written (the server has no stream management)',
          });
      },
      // A failed write means a broken stream: the disconnect puts the message back for resending.
      () => undefined,
    );
  }

  private connect(timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string; detail: string }> {
    if (this.connection) return Promise.resolve({ ok: true });
    this.connecting ??= this.open(timeoutMs).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(
    timeoutMs: number,
  ): Promise<{ ok: true } | { ok: false; reason: string; detail: string }> {
    const { config } = this.options;
    const domain = jidParts(config.username).domain;
    const connection = this.takeResumable() ?? this.newConnection(timeoutMs);
    const { entity, sm } = connection;
    entity.timeout = timeoutMs;

    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([
      startSession(entity, domain, sm).then(
        (how) => how,
        (error: Error) => error,
      ),
      timeout,
    ]);
    clearTimeout(timer);
    if (outcome !== 'online' && outcome !== 'resumed') {
      destroyNow(connection);
      // The server may still hold the session: try resuming it again on the next attempt.
      if (this.everOnline && !this.closed && sm.id) this.resumable = connection;
      if (outcome === 'timeout')
        return {
          ok: false,
          reason: XmppReason.ConnectTimeout,
          detail: `no session with ${config.serverhost ?? domain} within ${timeoutMs} ms`,
        };
      return {
        ok: false,
        reason: connectFailureReason(outcome),
        detail: `${config.username}: ${stripControl(outcome.message || outcome.name)}`,
      };
    }
    if (this.closed) {
      await stopQuietly(connection);
      return { ok: false, reason: Reason.TechClosed, detail: 'closed while connecting' };
    }
    if (outcome === 'resumed') {
      // XEP-0198: the server said how much it had handled; xmpp.js resent the rest itself.
      this.options.logger.info('xmpp session resumed', { account: this.options.name });
    } else {
      // A new session: what the old one left unacknowledged is resent first, in order, same id.
      const unacked = [...this.inflight.values()].filter((pending) => !pending.acked);
      for (const pending of unacked) this.inflight.delete(pending.id);
      // The server reads in order, so the oldest unacknowledged message is the likeliest cause of
      // a break (a server limit we cannot know). After MAX_BREAKS it is not resent, so the
      // messages behind it get through.
      const suspect = unacked[0];
      if (suspect && ++suspect.breaks >= MAX_BREAKS) {
        unacked.shift();
        suspect.settle({
          outcome: 'timeout',
          code: XmppReason.OutcomeUnknown,
          detail: `not resent: the stream broke ${MAX_BREAKS} times with it the oldest unacknowledged message; it may or may not have arrived`,
        });
      }
      this.queue.unshift(...unacked);
      const presence = xml('presence', {}, xml('priority', {}, String(config.priority ?? 1)));
      if (config.status && config.status !== 'available') presence.append(xml('show', {}, config.status));
      if (config.statusmessage) presence.append(xml('status', {}, config.statusmessage));
      await entity.send(presence).catch(() => undefined);
    }
    this.connection = connection;
    this.everOnline = true;
    this.backoff = this.options.reconnectDelayMs;
    for (const pending of this.queue.splice(0)) this.transmit(pending);
    return { ok: true };
  }

  /** An xmpp.js client with this account's listeners; reused across reconnects while resumable. */
  private newConnection(timeoutMs: number): XmppConnection {
    const { config } = this.options;
    const { local, domain, resource } = jidParts(config.username);
    const connection = createConnection({
      service: `xmpp://${config.serverhost ?? domain}:${config.port ?? 5222}`,
      domain,
      local,
      password: config.secret,
      resource: resource ?? 'messagesend',
      tls: config.usetls !== false,
      timeoutMs,
      maxElementBytes: this.options.maxElementBytes,
      ...(this.options.ca ? { ca: this.options.ca } : {}),
    });
    const { entity, sm } = connection;
    sm.requestAckDebounce = this.options.ackRequestDelayMs;
    if (config.keepalive === false) {
      sm.requestAckInterval = 0;
      sm.timeout = 0;
    } else {
      sm.requestAckInterval = 30_000;
      sm.timeout = 30_000;
    }
    entity.on('error', (error: Error) =>
      this.options.logger.debug('xmpp connection error', {
        account: this.options.name,
        error: stripControl(error.message),
      }),
    );
    entity.on('stanza', (stanza: Element) => this.onStanza(stanza));
    entity.on('disconnect', () => this.onDisconnect(connection));
    sm.on('ack', (stanza: Element) => this.onAck(stanza.attrs.id));
    return connection;
  }

  /**
   * The last session, to resume (XEP-0198) if the server offered resumption. Not when a message
   * it would resend has already been reported (timed out, or rejected): nothing is sent after its
   * report, so that one gets a new session, which resends only what is still unreported.
   */
  private takeResumable(): XmppConnection | undefined {
    const connection = this.resumable;
    this.resumable = undefined;
    if (!connection?.sm.id) return undefined;
    const reported = connection.sm.outbound_q.some(
      ({ stanza }) => stanza.name === 'message' && !this.inflight.has(stanza.attrs.id ?? ''),
    );
    return reported ? undefined : connection;
  }

  /**
   * The stream broke. Unacknowledged messages stay in flight: resuming the session (when the
   * server offers XEP-0198 resumption) resends them with the server's own count, so none twice;
   * a new session resends them all (the server may have routed some: at least once, never lost).
   */
  private onDisconnect(connection: XmppConnection): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (connection.sm.id && !this.closed) this.resumable = connection;
    else void stopQuietly(connection);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(async () => {
      const result = await this.connect(this.options.connectTimeoutMs);
      if (!result.ok) {
        this.options.logger.warn('xmpp reconnect failed', {
          account: this.options.name,
          reason: result.reason,
          detail: result.detail,
        });
        this.backoff = Math.min(this.backoff * 2, MAX_RECONNECT_DELAY_MS);
        this.scheduleReconnect();
      }
    }, this.backoff);
    this.reconnectTimer.unref?.();
  }

  private onAck(id: string | undefined): void {
    const pending = id === undefined ? undefined : this.inflight.get(id);
    if (!pending) return;
    if (this.options.receipts) pending.acked = true;
    else
      pending.settle({
        outcome: 'delivered',
        code: XmppReason.Ack,
        detail: 'acknowledged by the server (XEP-0198)',
      });
  }

  private onStanza(stanza: Element): void {
    if (!stanza.is('message')) return;
    const id = stanza.attrs.id;
    if (stanza.attrs.type === 'error' && id !== undefined && this.inflight.has(id)) {
      this.inflight
        .get(id)!
        .settle({ outcome: 'rejected', code: XmppReason.StanzaError, detail: stanzaErrorDetail(stanza) });
      return;
    }
    const receipt = stanza.getChild('received', 'urn:xmpp:receipts');
    if (receipt?.attrs.id !== undefined && this.inflight.has(receipt.attrs.id)) {
      this.inflight.get(receipt.attrs.id)!.settle({
        outcome: 'delivered',
        code: XmppReason.Receipt,
        detail: 'receipt from the recipient (XEP-0184)',
      });
      return;
    }
    const body = stanza.getChildText('body');
    const type = stanza.attrs.type ?? 'normal';
    if (body === null || (type !== 'chat' && type !== 'normal') || !this.options.onInbound) return;
    const from = stanza.attrs.from ?? '';
    this.options.onInbound({
      body,
      from: `xmpp:${from}`,
      to: `xmpp:${this.options.config.username}`,
      endpoint: this.options.name,
      destination: `xmpp:${from}`,
      data: {
        XMPP_ACCOUNT: this.options.name,
        ...(stanza.attrs.id ? { XMPP_MESSAGE_ID: stanza.attrs.id } : {}),
      },
    });
  }

  private async dispose(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await stopQuietly(connection);
  }
}

function jidParts(username: string): { local: string; domain: string; resource: string | undefined } {
  const [bare = '', resource] = username.split('/');
  const [local = '', domain = ''] = bare.includes('@') ? bare.split('@') : ['', bare];
  return { local, domain, resource };
}

/** What the bound leaves us knowing about a message: never sent, or sent and unconfirmed. */
function deadlineReport(pending: Pending): Report {
  if (!pending.written)
    return {
      outcome: 'not-sent',
      code: XmppReason.NotConnected,
      detail: 'not sent: the account did not reconnect in time',
    };
  return {
    outcome: 'timeout',
    code: XmppReason.OutcomeUnknown,
    detail: pending.acked
      ? 'the server acknowledged the message but no receipt came from the recipient in time'
      : 'written but not acknowledged by the server in time: it may or may not have arrived',
  };
}

function connectFailureReason(error: Error): string {
  if (error.name === 'TimeoutError') return XmppReason.ConnectTimeout;
  if (error.name === 'ServerMalformedError' || error.name === 'XMLError') return XmppReason.ServerMalformed;
  if (error.name === 'SASLError' || /not-authorized|authentication/i.test(error.message))
    return XmppReason.AuthFailed;
  return XmppReason.ConnectFailed;
}

/** `stanza error: <condition>`, plus the server's <text> with control characters stripped. */
function stanzaErrorDetail(stanza: Element): string {
  const error = stanza.getChild('error');
  const children = error?.children.filter((child): child is Element => typeof child !== 'string') ?? [];
  const condition = children.find((child) => child.name !== 'text')?.name ?? 'undefined-condition';
  const text = error?.getChildText('text', 'urn:ietf:params:xml:ns:xmpp-stanzas');
  return text
    ? `stanza error: ${stripControl(condition)}: ${stripControl(text)}`
    : `stanza error: ${stripControl(condition)}`;
}

/**
 * Drops a connection that never reached a session. Its stream needs no graceful close, and
 * xmpp.js's stop() path can reject internally if the peer resets meanwhile.
 */
function destroyNow(connection: XmppConnection): void {
  const socket = connection.entity.socket;
  socket?.on?.('error', () => {});
  socket?.destroy?.();
}

/** Stops a connection, bounded: a dead server must not hold close() up. */
async function stopQuietly(connection: XmppConnection): Promise<void> {
  const { entity } = connection;
  const socket = entity.socket;
  // xmpp.js detaches its listeners while stopping: a reset then would be an unhandled 'error'.
  socket?.on?.('error', () => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    entity.stop().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2_000);
    }),
  ]);
  clearTimeout(timer);
  socket?.destroy?.();
  entity.socket?.destroy?.();
}
