import type { Client } from '@xmpp/client-core';
import type { StreamManagement } from '@xmpp/stream-management';
import type { Element } from '@xmpp/xml';

export const NS_SM = 'urn:xmpp:sm:3';

/** xmpp.js's count of stanzas handled (src/types/xmpp.d.ts declares only what the account reads). */
type Counted = StreamManagement & { inbound: number };

/**
 * Keeps XEP-0198's count of handled inbound stanzas (`sm.inbound`, the `h` of every `<a/>` we send)
 * from going back. xmpp.js 0.14 (@xmpp/stream-management, stream-feature.js) zeroes it in
 * `enabled()` only after `await promiseEnable`, a few microtasks after `<enabled/>` was parsed. The
 * stanzas that came in the same read as `<enabled/>` (Prosody sends the echo of our presence and an
 * `<r/>` right behind it) are counted, and acknowledged, first, then wiped: the next `<a h>` is lower
 * and Prosody ends the stream ("Client acknowledged less stanzas than already acknowledged").
 * Here the count restarts when `<enabled/>` arrives, in order with the stanzas around it, and the
 * late zeroing that follows it is skipped. Every other change (counting, `offline`) goes through.
 */
export function keepInboundCountInOrder(entity: Client, sm: StreamManagement): void {
  let handled = (sm as Counted).inbound;
  let lateResetDue = false;
  Object.defineProperty(sm, 'inbound', {
    configurable: true,
    enumerable: true,
    get: () => handled,
    set: (value: number) => {
      if (lateResetDue && value === 0) {
        lateResetDue = false;
        return;
      }
      handled = value;
    },
  });
  entity.on('element', (element: Element) => {
    if (!element.is('enabled', NS_SM)) return;
    handled = 0;
    lateResetDue = true;
  });
}
