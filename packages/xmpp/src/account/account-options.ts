import type { InboundMessage, Logger } from '@messagesend/core';
import type { XmppAccountConfig } from '../config/types.js';
import type { XmppTrace } from '../connection/wire-trace.js';

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
  /** How long an ack request may go unanswered before the stream counts as broken (with keepAlive). */
  ackTimeoutMs: number;
  /** Ask the recipient for a XEP-0184 receipt and report delivered only when it comes. */
  receipts: boolean;
  logger: Logger;
  /** The XMPP stream both ways, secrets masked; absent, nothing is hooked. */
  trace?: XmppTrace;
  onInbound?: (message: Omit<InboundMessage, 'tech'>) => void;
}
