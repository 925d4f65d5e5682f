import { randomBytes } from 'node:crypto';
import { Reason, type SendDeadline, type TechSendOutcome } from '@messagesend/core';
import type { Element } from '@xmpp/xml';
import type { XmppConnection } from '../connection/connection.js';
import { destroyNow, stopQuietly } from '../connection/stop.js';
import { XmppReason } from '../errors.js';
import { inboundMessage } from '../inbound.js';
import { accountConnection, jidParts } from './account-connection.js';
import type { AccountOptions } from './account-options.js';
import { AckRequests } from './ack-requests.js';
import { acknowledged, serverAcks, writtenReport } from './acks.js';
import { Outbox, type Pending, type Report } from './outbox.js';
import { receiptFor, receiptReport } from './receipts.js';
import { Reconnect } from './reconnect.js';
import { closedReport } from './reports.js';
import { missedByResume, Resumption, resendAfterNewSession } from './resumption.js';
import {
  type ConnectResult,
  closedWhileConnecting,
  connectedWithin,
  initialPresence,
  raceSession,
  sessionFailure,
} from './session.js';
import { stanzaErrorFor, stanzaErrorReport } from './stanza-error.js';

/** Builds the chat stanza from the account's full JID and a stanza id. */
type Build = (from: string, id: string) => Element;

function ignore(): void {}

/**
 * One xmpp.conf account: a long-lived connection made on first use, a report for every message
 * (the server's stream-management ack, a stanza error, a lost stream, or the deadline), and
 * reconnection with backoff after an outage, during which sends queue up to a bound or fail.
 */
export class XmppAccount {
  private connection: XmppConnection | undefined;
  private readonly resumption = new Resumption();
  private connecting: Promise<ConnectResult> | undefined;
  private everOnline = false;
  private closed = false;
  /** Aborted by close(): ends a connect attempt in flight instead of waiting for its timeout. */
  private readonly closing = new AbortController();
  private readonly reconnect: Reconnect;
  private readonly outbox: Outbox;
  private readonly ackRequests: AckRequests;
  readonly fullJid: string;
  /** Stanza ids: a random prefix per account and a counter (no syscall per message). */
  private readonly idPrefix = `ms-${randomBytes(6).toString('base64url')}-`;
  private sent = 0;
  /** The stream error a connection got before it went down (xmpp.js reports it first). */
  private readonly streamErrors = new WeakMap<XmppConnection, string>();

  constructor(private readonly options: AccountOptions) {
    const { username } = options.config;
    this.fullJid = username.includes('/') ? username : `${username}/messagesend`;
    this.reconnect = new Reconnect(options.reconnectDelayMs);
    this.outbox = new Outbox(options);
    this.ackRequests = new AckRequests(options.ackRequestDelayMs, (silentMs) =>
      options.logger.warn('xmpp server silent after an ack request: reconnecting', {
        account: options.name,
        silentMs: Math.round(silentMs),
      }),
    );
  }

  get online(): boolean {
    return this.connection !== undefined;
  }

  /** Connects now (router.start()); resolves with the failure instead of throwing. */
  start(): Promise<ConnectResult> {
    return this.connect(this.options.connectTimeoutMs);
  }

  /**
   * `deadline` is the send's bound, shared with the router: when its signal aborts, the report
   * settles in the same turn with a code that says what is known, so the router keeps that code.
   * Not async: once the account has been online the outcome is known at once, and an async
   * frame (and the turn its await takes) per message was the account's largest cost.
   */
  send(build: Build, deadline: SendDeadline, messageId?: string): Promise<TechSendOutcome> {
    if (this.closed)
      return Promise.resolve({
        status: 'FAILURE',
        reason: Reason.TechClosed,
        detail: 'the xmpp technology is closed',
      });
    if (!this.connection && !this.everOnline) return this.sendOnceConnected(build, deadline, messageId);
    return Promise.resolve(this.sendNow(build, deadline, messageId));
  }

  /** The first send: it waits for the first connection, bound by its own deadline. */
  private async sendOnceConnected(
    build: Build,
    deadline: SendDeadline,
    messageId: string | undefined,
  ): Promise<TechSendOutcome> {
    // The send's own deadline decides when it stops waiting (no second timer racing it); the
    // connection attempt keeps its connect bound, for the sends after this one.
    const result = await connectedWithin(this.connect(this.options.connectTimeoutMs), deadline.signal);
    if (!result.ok) return { status: 'FAILURE', reason: result.reason, detail: result.detail };
    return this.sendNow(build, deadline, messageId);
  }

  private sendNow(build: Build, deadline: SendDeadline, messageId: string | undefined): TechSendOutcome {
    const id = messageId ?? `${this.idPrefix}${(this.sent++).toString(36)}`;
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
      const refusal = this.outbox.refusal(bytes);
      if (refusal !== undefined) return { status: 'FAILURE', reason: XmppReason.QueueFull, detail: refusal };
    }
    const delivery = new Promise<Report>((resolve) => {
      const pending = this.outbox.create(id, stanza, bytes, resolve);
      if (this.connection) this.transmit(pending);
      else this.outbox.hold(pending);
      pending.settleAtDeadline(deadline);
    });
    const warnings = this.connection ? [] : [`queued: account ${this.options.name} is reconnecting`];
    return { status: 'SUCCESS', warnings, delivery };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    this.reconnect.cancel();
    this.ackRequests.cancel();
    for (const pending of this.outbox.unreported()) pending.settle(closedReport(pending));
    await this.connecting?.catch(() => undefined);
    this.resumption.drop();
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await stopQuietly(connection);
  }

  private transmit(pending: Pending): void {
    const connection = this.connection!;
    const acks = serverAcks(connection);
    this.outbox.writing(pending);
    const written = connection.entity.send(pending.stanza);
    // A failed write means a broken stream: the disconnect puts the message back for resending.
    if (acks) this.ackRequests.written(connection);
    if (acks || this.options.receipts) written.catch(ignore);
    else
      written.then(() => {
        if (this.outbox.inflightById(pending.id) === pending) pending.settle(writtenReport());
      }, ignore);
  }

  private connect(timeoutMs: number): Promise<ConnectResult> {
    if (this.connection) return Promise.resolve({ ok: true });
    this.connecting ??= this.open(timeoutMs).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(timeoutMs: number): Promise<ConnectResult> {
    const { config } = this.options;
    const domain = jidParts(config.username).domain;
    const connection =
      this.resumption.take(this.outbox) ??
      accountConnection(this.options, timeoutMs, {
        stanza: (stanza) => this.onStanza(stanza),
        disconnect: (broken) => this.onDisconnect(broken),
        ack: (id) => this.onAck(id),
        heard: () => this.ackRequests.heard(),
        streamError: (text) => {
          this.streamErrors.set(connection, text);
        },
      });
    const outcome = await raceSession(connection, domain, timeoutMs, this.closing.signal);
    if (outcome === 'closed') {
      destroyNow(connection);
      return closedWhileConnecting();
    }
    if (outcome !== 'online' && outcome !== 'resumed') {
      destroyNow(connection);
      // The server may still hold the session: try resuming it again on the next attempt.
      if (this.everOnline && !this.closed && connection.sm.id) this.resumption.keep(connection);
      return sessionFailure(outcome, config, domain, timeoutMs);
    }
    if (this.closed) {
      await stopQuietly(connection);
      return closedWhileConnecting();
    }
    let missed: Pending[] = [];
    if (outcome === 'resumed') {
      // XEP-0198: the server said how much it had handled; xmpp.js resent the rest itself.
      this.options.logger.info('xmpp session resumed', { account: this.options.name });
      missed = missedByResume(this.outbox, connection);
    } else {
      resendAfterNewSession(this.outbox);
      await connection.entity.send(initialPresence(config)).catch(() => undefined);
    }
    this.connection = connection;
    this.everOnline = true;
    this.reconnect.reset();
    for (const pending of [...missed, ...this.outbox.takeHeld()]) this.transmit(pending);
    return { ok: true };
  }

  /**
   * The stream broke. Unacknowledged messages stay in flight: resuming the session (when the
   * server offers XEP-0198 resumption) resends them with the server's own count, so none twice;
   * a new session resends them all (the server may have routed some: at least once, never lost).
   */
  private onDisconnect(connection: XmppConnection): void {
    const streamError = this.streamErrors.get(connection);
    this.streamErrors.delete(connection);
    if (streamError !== undefined)
      for (const pending of this.outbox.unacked()) pending.streamError = streamError;
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.ackRequests.cancel();
    if (connection.sm.id && !this.closed) this.resumption.keep(connection);
    else void stopQuietly(connection);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.reconnect.schedule(
      async () => {
        const result = await this.connect(this.options.connectTimeoutMs);
        if (!result.ok)
          this.options.logger.warn('xmpp reconnect failed', {
            account: this.options.name,
            reason: result.reason,
            detail: result.detail,
          });
        return result.ok;
      },
      () => this.scheduleReconnect(),
    );
  }

  private onAck(id: string | undefined): void {
    const pending = id === undefined ? undefined : this.outbox.inflightById(id);
    if (pending) acknowledged(pending, this.options.receipts);
  }

  /** A stanza error or a receipt settles its message; any other message may be inbound. */
  private onStanza(stanza: Element): void {
    if (!stanza.is('message')) return;
    const errorFor = stanzaErrorFor(stanza);
    const rejected = errorFor === undefined ? undefined : this.outbox.inflightById(errorFor);
    if (rejected) {
      rejected.settle(stanzaErrorReport(stanza));
      return;
    }
    const receiptId = receiptFor(stanza);
    const confirmed = receiptId === undefined ? undefined : this.outbox.inflightById(receiptId);
    if (confirmed) {
      confirmed.settle(receiptReport());
      return;
    }
    if (!this.options.onInbound) return;
    const message = inboundMessage(stanza, {
      name: this.options.name,
      username: this.options.config.username,
    });
    if (message) this.options.onInbound(message);
  }
}
