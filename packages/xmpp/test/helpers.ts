import type { ProsodyPeer } from '@messagesend/test-peers';
import { client, xml } from '@xmpp/client';

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
