import { createRouter } from '@messagesend/core';
import { runningPeers, startProsody } from '@messagesend/test-peers';
import { xmpp } from '@messagesend/xmpp';
import { client, xml } from '@xmpp/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanups, until } from './helpers.js';

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => expect(runningPeers()).toEqual([]));

describe('message identity over XMPP (a real Prosody)', () => {
  it('Message.id is the stanza id of every send of the message, so a resend can be recognised', async () => {
    const server = await startProsody({
      users: [
        { name: 'alice', password: 'alice-pw' },
        { name: 'bob', password: 'bob-pw' },
      ],
    });
    cleanups.push(() => server.stop());
    const bob = client({
      service: server.service,
      domain: server.domain,
      username: 'bob',
      password: 'bob-pw',
      resource: 'test',
    });
    bob.on('error', () => {});
    const ids: string[] = [];
    bob.on('stanza', (stanza) => {
      if (stanza.is('message') && stanza.getChild('body')) ids.push(String(stanza.attrs.id));
    });
    await bob.start();
    await bob.send(xml('presence'));
    cleanups.push(() => bob.stop().catch(() => undefined));
    const router = createRouter({
      techs: [
        xmpp({
          config: `[alice]\ntype=client\nserverhost=${server.host}\nport=${server.port}\nusername=alice@${server.domain}\nsecret=alice-pw\nusetls=no\n`,
          connectTimeoutMs: 8_000,
        }),
      ],
    });
    cleanups.push(() => router.close());
    const id = `m${'ab'.repeat(16)}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const sent = await router.send(
        `xmpp:bob@${server.domain}`,
        { body: 'same message', id },
        { from: 'xmpp:alice', waitForDelivery: true },
      );
      expect((await sent.delivery).outcome).toBe('delivered');
    }
    await until('bob got both', () => ids.length === 2, 10_000);
    expect(ids).toEqual([id, id]);
  });
});
