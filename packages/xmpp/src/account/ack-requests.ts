import xml from '@xmpp/xml';
import type { XmppConnection } from '../connection/connection.js';
import { NS_SM } from '../connection/sm-inbound-count.js';
import { destroyNow } from '../connection/stop.js';

function ignore(): void {}

/**
 * Asks the server to acknowledge (XEP-0198 `<r/>`) at most `delayMs` after a message is written,
 * however busy the stream is. xmpp.js asks only once no stanza has gone out for its debounce (the
 * same delay), so under steady traffic (a message at least every 250 ms was enough) no report
 * settled until the traffic paused, and a long backlog then settled all at once (measured: 20,000
 * unacknowledged blocked the event loop 100-250 ms, mostly in its ack queue's Array shift()).
 *
 * It also watches for a server gone silent, which xmpp.js checks only on its own requests (so
 * never under steady traffic): when nothing at all came back within the connection's own bound
 * (xmpp.js's `sm.timeout`: ackTimeoutMs, 0 with keepalive=no) of a request, the stream is dropped
 * and the account reconnects, resuming or resending what was not acknowledged.
 */
export class AckRequests {
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest request nothing has come back since was written. */
  private unansweredSince: number | undefined;

  constructor(
    private readonly delayMs: number,
    /** Told when a silent stream is dropped, with how long it was silent. */
    private readonly onSilent: (silentMs: number) => void,
  ) {}

  /** A message went out on this connection: an ack is asked for within the delay. */
  written(connection: XmppConnection): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.request(connection), this.delayMs);
    // The connection's socket keeps the process up while it is open; this timer adds nothing.
    this.timer.unref();
  }

  /** The server sent something: it is alive, and has had every request written so far. */
  heard(): void {
    this.unansweredSince = undefined;
  }

  /** The connection went (or the account closes): nothing is asked of it any more. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unansweredSince = undefined;
  }

  private request(connection: XmppConnection): void {
    this.timer = undefined;
    const { entity, sm } = connection;
    // Answered already (xmpp.js's own request), or a stream that broke since.
    if (!sm.enabled || sm.outbound_q.length === 0) return;
    const now = performance.now();
    // xmpp.js's bound for its own requests (0: never).
    const bound = sm.timeout;
    if (this.unansweredSince !== undefined && bound > 0 && now - this.unansweredSince >= bound) {
      const silentMs = now - this.unansweredSince;
      this.cancel();
      this.onSilent(silentMs);
      // Destroyed, not closed: a graceful close would wait for the silent server's answer too.
      destroyNow(connection);
      return;
    }
    this.unansweredSince ??= now;
    entity.send(xml('r', { xmlns: NS_SM })).catch(ignore);
  }
}
