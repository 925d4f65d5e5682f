import xml from '@xmpp/xml';
import type { XmppConnection } from '../connection/connection.js';
import { NS_SM } from '../connection/sm-inbound-count.js';

function ignore(): void {}

/**
 * Asks the server to acknowledge (XEP-0198 `<r/>`) at most `delayMs` after a message is written,
 * however busy the stream is. xmpp.js asks only once no stanza has gone out for its debounce (the
 * same delay), so under steady traffic (a message at least every 250 ms was enough) no report
 * settled until the traffic paused, and a long backlog then settled all at once (measured: 20,000
 * unacknowledged blocked the event loop 100-250 ms, mostly in its ack queue's Array shift()).
 */
export class AckRequests {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly delayMs: number) {}

  /** A message went out on this connection: an ack is asked for within the delay. */
  written(connection: XmppConnection): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const { entity, sm } = connection;
      // Answered already (xmpp.js's own request), or a stream that broke since.
      if (!sm.enabled || sm.outbound_q.length === 0) return;
      entity.send(xml('r', { xmlns: NS_SM })).catch(ignore);
    }, this.delayMs);
    // The connection's socket keeps the process up while it is open; this timer adds nothing.
    this.timer.unref();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
