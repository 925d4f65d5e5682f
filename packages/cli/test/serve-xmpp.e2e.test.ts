import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProsodyPeer, startProsody } from '@messagesend/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ARI_PASSWORD, ARI_USER, makeConfigDir, type ServeProcess, startServe } from './serve-harness.js';

let prosody: ProsodyPeer;
let serve: ServeProcess;

beforeAll(async () => {
  prosody = await startProsody({
    users: [
      { name: 'alice', password: 'alice-xmpp-pw' },
      { name: 'bob', password: 'bob-xmpp-pw' },
    ],
  });
  const config = await makeConfigDir();
  const account = (name: string, extra = '') =>
    `[${name}]\ntype=client\nserverhost=127.0.0.1\nport=${prosody.port}\nusername=${name}@${prosody.domain}\nsecret=${name}-xmpp-pw\nusetls=no\n${extra}`;
  writeFileSync(
    join(config.dir, 'xmpp.conf'),
    `${account('alice')}\n${account('bob', 'sendtodialplan=yes\n')}`,
  );
  serve = await startServe(config);
});

afterAll(async () => {
  await serve?.process.stop();
  await prosody?.stop();
});

it('xmpp through Prosody: ARI sends from account alice, account bob receives it, a WebSocket gets TextMessageReceived', async () => {
  const socket = new WebSocket(
    `ws://127.0.0.1:${serve.httpPort}/ari/events?app=xmpp&subscribeAll=true&api_key=${ARI_USER}:${ARI_PASSWORD}`,
  );
  const events: Record<string, unknown>[] = [];
  socket.on('message', (data) => events.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.once('open', resolve));
  try {
    const response = await fetch(
      `${serve.base}/ari/endpoints/sendMessage?to=xmpp:bob@${prosody.domain}&from=xmpp:alice&body=over%20xmpp`,
      { method: 'PUT', headers: { authorization: serve.auth } },
    );
    expect(response.status, await response.text()).toBe(202);
    const deadline = Date.now() + 15_000;
    let received: Record<string, unknown> | undefined;
    while (!received && Date.now() < deadline) {
      received = events.find((event) => event.type === 'TextMessageReceived');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(received).toMatchObject({
      type: 'TextMessageReceived',
      application: 'xmpp',
      endpoint: { technology: 'XMPP', resource: 'bob' },
      message: { body: 'over xmpp' },
    });
    expect(String((received?.message as { from?: string } | undefined)?.from)).toContain(
      `alice@${prosody.domain}`,
    );
    expect(serve.process.output()).not.toMatch(/alice-xmpp-pw|bob-xmpp-pw/);
  } finally {
    socket.close();
  }
});
