import { connect, createServer, type Socket } from 'node:net';
import { createRouter, type InboundMessage } from '@messagesend/core';
import { type ProsodyPeer, pollUntil } from '@messagesend/test-peers';
import { client, xml } from '@xmpp/client';
import { xmpp } from '../src/index.js';

export const USERS = [
  { name: 'alice', password: 'alice-pw' },
  { name: 'bob', password: 'bob-pw' },
  { name: 'carol', password: 'carol-pw' },
];

/** What the tests need of a server peer (Prosody or ejabberd). */
export type XmppServer = Pick<ProsodyPeer, 'host' | 'port' | 'domain' | 'tls' | 'service'>;

export function conf(
  prosody: XmppServer,
  extra = '',
  account = 'alice',
  usetls = prosody.tls ? 'yes' : 'no',
): string {
  return `[general]
debug=no

[${account}]
type=client
serverhost=${prosody.host}
port=${prosody.port}
username=alice@${prosody.domain}
secret=alice-pw
usetls=${usetls}
${extra}
`;
}

/** A raw @xmpp/client user (the independent side of each test) that records the chat bodies it receives. */
export async function rawUser(prosody: XmppServer, name: string) {
  const entity = client({
    service: prosody.service,
    domain: prosody.domain,
    username: name,
    password: `${name}-pw`,
    resource: 'test',
  });
  entity.on('error', () => {});
  const bodies: string[] = [];
  const waiters: (() => void)[] = [];
  entity.on('stanza', (stanza) => {
    if (stanza.is('message') && stanza.getChildText('body') !== null) {
      bodies.push(stanza.getChildText('body')!);
      for (const wake of waiters.splice(0)) wake();
    }
  });
  await entity.start();
  await entity.send(xml('presence'));
  return {
    entity,
    bodies,
    async waitFor(count: number, timeoutMs = 10_000): Promise<string[]> {
      const deadline = Date.now() + timeoutMs;
      while (bodies.length < count) {
        if (Date.now() > deadline)
          throw new Error(`received ${bodies.length} of ${count} messages: ${JSON.stringify(bodies)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return bodies;
    },
    send: (to: string, body: string) =>
      entity.send(xml('message', { to, type: 'chat' }, xml('body', {}, body))),
    stop: () => entity.stop().catch(() => undefined),
  };
}

/** What a test file closes after each test, last made first: `afterEach(runCleanups)`. */
export const cleanups: (() => Promise<unknown>)[] = [];

export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export type XmppOptions = Partial<Parameters<typeof xmpp>[0]>;

/** A router with one xmpp technology, as the e2e tests bound it (8 s to connect, 10 s a send); closed by runCleanups. */
export function routerFor(text: string, extra: XmppOptions = {}) {
  const router = createRouter({
    techs: [xmpp({ config: text, connectTimeoutMs: 8_000, ...extra })],
    timeoutMs: 10_000,
  });
  cleanups.push(() => router.close());
  return router;
}

/** rawUser, logged out by runCleanups. */
export async function userOf(server: XmppServer, name: string): Promise<Awaited<ReturnType<typeof rawUser>>> {
  const user = await rawUser(server, name);
  cleanups.push(() => user.stop());
  return user;
}

/** The inbound messages once `count` have arrived (bounded). */
export const receivedAtLeast = (received: InboundMessage[], count = 1, timeoutMs = 10_000) =>
  pollUntil(`${count} inbound messages`, () => received.length >= count && received, {
    timeoutMs,
    intervalMs: 50,
  });

/**
 * A TCP relay in front of Prosody whose connections the test can cut (a network break with the
 * server up), hold (stop forwarding what the client writes) or refuse.
 */
export async function relayTo(server: XmppServer) {
  const sockets: Socket[] = [];
  const state = { holding: false, refusing: false };
  const relay = createServer((client) => {
    client.on('error', () => {});
    if (state.refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(server.port, server.host);
    upstream.on('error', () => {});
    sockets.push(client, upstream);
    client.on('data', (data) => {
      if (!state.holding) upstream.write(data);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(resolve);
      }),
  );
  return {
    port: (relay.address() as { port: number }).port,
    state,
    cut: () => {
      for (const socket of sockets.splice(0)) socket.destroy();
    },
  };
}
