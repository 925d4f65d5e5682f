import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/account/outbox.js';
import { missedByResume } from '../src/account/resumption.js';
import type { XmppConnection } from '../src/connection/connection.js';

const message = (id: string) =>
  xml('message', { type: 'chat', to: 'bob@localhost', id }, xml('body', {}, id));

describe('missedByResume', () => {
  it('the unacknowledged messages missing from xmpp.js’s resend queue, in order; none acknowledged, none it resends', () => {
    const outbox = new Outbox({ name: 'alice', queueLimit: 10, queueByteLimit: 10_000 });
    const stanzas = ['m1', 'm2', 'm3', 'm4'].map(message);
    const pendings = stanzas.map((stanza) => {
      const pending = outbox.create(String(stanza.attrs.id), stanza, 0, () => undefined);
      outbox.writing(pending);
      return pending;
    });
    // m1 was acknowledged (awaiting a receipt); m2 is in xmpp.js's queue; m3 and m4 failed to write.
    pendings[0]!.acked = true;
    const connection = {
      sm: { outbound_q: [{ stanza: stanzas[1]!, stamp: '' }] },
    } as unknown as XmppConnection;
    expect(missedByResume(outbox, connection)).toEqual([pendings[2], pendings[3]]);
  });
});
