// B for bench/xmpp-throughput.mjs, in its own process as a recipient would be: on the sender's
// event loop, B's own work (and its XEP-0198 answers to the server, which a server with Nagle on
// waits for before writing more to B) would be delayed by whatever the sender does. Logs in with
// the argv's service, domain and resource, then tells the parent each chat body as it arrives, one
// IPC message per turn.
import { client, xml } from '@xmpp/client';

const [service, domain, resource] = process.argv.slice(2);
const bob = client({ service, domain, username: 'bob', password: 'bob-pw', resource });
bob.on('error', () => {});
let arrived = [];
bob.on('stanza', (stanza) => {
  const body = stanza.is('message') ? stanza.getChildText('body') : null;
  if (body === null) return;
  if (arrived.length === 0)
    setImmediate(() => {
      process.send(arrived);
      arrived = [];
    });
  arrived.push(body);
});
await bob.start();
await bob.send(xml('presence'));
process.send('online');
process.on('disconnect', () => bob.stop().finally(() => process.exit(0)));
