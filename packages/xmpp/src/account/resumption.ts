import type { XmppConnection } from '../connection/connection.js';
import { destroyNow } from '../connection/stop.js';
import { XmppReason } from '../errors.js';
import type { Outbox, Pending } from './outbox.js';
import { serverSaid } from './reports.js';

/** Broken streams a message may head before it is no longer resent. */
const MAX_BREAKS = 3;

/** The broken session's client, kept while the server may let us resume it (XEP-0198). */
export class Resumption {
  private resumable: XmppConnection | undefined;

  keep(connection: XmppConnection): void {
    this.resumable = connection;
  }

  /**
   * The last session, to resume if the server offered resumption. Not when a message it would
   * resend has already been reported (timed out, or rejected): nothing is sent after its report, so
   * that one gets a new session, which resends only what is still unreported.
   */
  take(outbox: Outbox): XmppConnection | undefined {
    const connection = this.resumable;
    this.resumable = undefined;
    if (!connection?.sm.id) return undefined;
    const reported = connection.sm.outbound_q.some(
      ({ stanza }) => stanza.name === 'message' && !outbox.inflightById(stanza.attrs.id ?? ''),
    );
    return reported ? undefined : connection;
  }

  /** Drops the kept session, if any. */
  drop(): void {
    if (this.resumable) destroyNow(this.resumable);
    this.resumable = undefined;
  }
}

/**
 * A new session: what the old one left unacknowledged is resent first, in order, same id. The
 * server reads in order, so the oldest unacknowledged message is the likeliest cause of a break (a
 * server limit we cannot know). After MAX_BREAKS it is not resent, so the messages behind it get
 * through.
 */
export function resendAfterNewSession(outbox: Outbox): void {
  const unacked = outbox.takeUnacked();
  const suspect = unacked[0];
  if (suspect && ++suspect.breaks >= MAX_BREAKS) {
    unacked.shift();
    suspect.settle({
      outcome: 'timeout',
      code: XmppReason.OutcomeUnknown,
      detail: `not resent: the stream broke ${MAX_BREAKS} times with it the oldest unacknowledged message; it may or may not have arrived${serverSaid(suspect)}`,
    });
  }
  outbox.holdFirst(unacked);
}

/**
 * After a resumption, the unacknowledged messages xmpp.js did not resend: it queues a stanza for
 * resending only once its write succeeded, so one written as the stream broke (its write failed,
 * so the server never had it) is in no queue but ours, and is resent from here.
 */
export function missedByResume(outbox: Outbox, connection: XmppConnection): Pending[] {
  const queued = new Set(connection.sm.outbound_q.map(({ stanza }) => stanza));
  return outbox.unacked().filter((pending) => !queued.has(pending.stanza));
}
