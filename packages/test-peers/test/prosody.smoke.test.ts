import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { client, xml } from '@xmpp/client';
import { afterAll, describe, expect, it } from 'vitest';
import { type ProsodyPeer, runningPeers, startProsody } from '../src/index.js';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/xmpp-chat.mjs', import.meta.url));
const users = [
  { name: 'alice', password: 'alice-pw' },
  { name: 'bob', password: 'bob-pw' },
];
const BODY = 'héllo <b>&amp;</b> "quotes" \u{1F600}';

afterAll(() => {
  expect(runningPeers()).toEqual([]);
});

function login(prosody: ProsodyPeer, name: string) {
  const entity = client({
    service: prosody.service,
    domain: prosody.domain,
    username: name,
    password: `${name}-pw`,
  });
  entity.on('error', () => {});
  return entity;
}

async function chatInChild(
  prosody: ProsodyPeer,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; body?: string; error?: string }> {
  const { stdout } = await run(process.execPath, [fixture, prosody.service, prosody.domain, BODY], {
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('Prosody harness', () => {
  it('plain: alice sends bob a chat message, bob receives exactly the body', async () => {
    const prosody = await startProsody({ users });
    const bob = login(prosody, 'bob');
    const alice = login(prosody, 'alice');
    try {
      const received = new Promise<string | null>((resolve) => {
        bob.on('stanza', (stanza) => {
          if (stanza.is('message')) resolve(stanza.getChildText('body'));
        });
      });
      await bob.start();
      await bob.send(xml('presence'));
      await alice.start();
      await alice.send(xml('message', { to: prosody.jid('bob'), type: 'chat' }, xml('body', {}, BODY)));
      expect(await received).toBe(BODY);
    } finally {
      await Promise.allSettled([alice.stop(), bob.stop()]);
      await prosody.stop();
    }
  });

  it('STARTTLS: a client trusting the test CA logs in and chats; without it the certificate is refused', async () => {
    const prosody = await startProsody({ tls: true, users });
    try {
      expect(prosody.caPem).toMatch(/BEGIN CERTIFICATE/);
      const trusted = await chatInChild(prosody, { NODE_EXTRA_CA_CERTS: prosody.caFile });
      expect(trusted).toEqual({ ok: true, body: BODY });
      const untrusted = await chatInChild(prosody, { NODE_EXTRA_CA_CERTS: '' });
      expect(untrusted.ok).toBe(false);
      expect(untrusted.error).toMatch(/certificate|self.signed|UNABLE_TO_VERIFY/i);
    } finally {
      await prosody.stop();
    }
  });

  it('can be killed and restarted on the same port with the same users', async () => {
    const prosody = await startProsody({ users });
    try {
      const port = prosody.port;
      await prosody.kill();
      expect(prosody.running).toBe(false);
      await prosody.restart();
      expect(prosody.running).toBe(true);
      expect(prosody.port).toBe(port);
      const alice = login(prosody, 'alice');
      await alice.start();
      await alice.stop();
    } finally {
      await prosody.stop();
    }
  });
});
