import { Reason } from '@messagesend/core';
import { XmppReason } from '../errors.js';
import type { Pending, Report } from './outbox.js';

/**
 * What the bound leaves us knowing about a message: never sent, or sent and unconfirmed. Given in
 * the turn the send's deadline ends; the router's own fallback waits a macrotask, so this code wins.
 */
export function deadlineReport(pending: Pending): Report {
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
      : `written but not acknowledged by the server in time: it may or may not have arrived${serverSaid(pending)}`,
  };
}

/** The stream error that broke the stream the message was on, as the end of a report's detail. */
export function serverSaid(pending: Pending): string {
  return pending.streamError === undefined ? '' : `; the server ended the stream: ${pending.streamError}`;
}

/** What closing the technology leaves us knowing about a message still unreported. */
export function closedReport(pending: Pending): Report {
  return pending.written
    ? {
        outcome: 'error',
        code: XmppReason.OutcomeUnknown,
        detail: `closed before the server acknowledged the message: it may or may not have arrived${serverSaid(pending)}`,
      }
    : {
        outcome: 'not-sent',
        code: Reason.TechClosed,
        detail: 'closed before the message could be sent',
      };
}
