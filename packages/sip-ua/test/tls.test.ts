import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCertificates, makePeerDir, removePeerDir } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SipReason, startSipStack } from '../src/index.js';
import { deliveryReport } from '../src/tech-kit/index.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

const dir = makePeerDir('sip-tls');
mkdirSync(join(dir, 'certs'));
const files = makeCertificates(dir, 'localhost', '127.0.0.1');
const ca = readFileSync(files.caFile);
afterEach(closeStacks);
afterAll(() => removePeerDir(dir));

describe('SIP over TLS', () => {
  it('a MESSAGE to a sips: URI goes over TLS to a server whose certificate the client trusts', async () => {
    const received: string[] = [];
    const server = await testStack({
      transports: [
        { protocol: 'tls', tls: { key: readFileSync(files.keyFile), cert: readFileSync(files.certFile) } },
      ],
      onRequest: (request) => {
        received.push(`${request.source.protocol} ${request.body}`);
        return { status: 200 };
      },
    });
    const client = await testStack({
      transports: [{ protocol: 'tls', tls: { ca, servername: 'localhost' } }],
    });
    const { port } = server.address('tls')!;
    const handle = client.send(message(`sips:bob@127.0.0.1:${port}`, 'secret over tls'));
    expect(await handle.dispatched).toMatchObject({ ok: true, target: { protocol: 'tls', port } });
    expect(deliveryReport(await handle.outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
    expect(received).toEqual(['tls secret over tls']);
  });

  it('without the CA the certificate is refused: a transport error, never a cleartext fallback', async () => {
    const server = await testStack({
      transports: [
        { protocol: 'tls', tls: { key: readFileSync(files.keyFile), cert: readFileSync(files.certFile) } },
      ],
      onRequest: () => ({ status: 200 }),
    });
    const client = await startSipStack({
      transports: [{ protocol: 'udp' }, { protocol: 'tls', tls: { servername: 'localhost' } }],
    });
    try {
      const handle = client.send(message(`sips:bob@127.0.0.1:${server.address('tls')!.port}`));
      const dispatched = await handle.dispatched;
      expect(dispatched).toMatchObject({ ok: false, reason: SipReason.TransportError });
      expect(dispatched.ok ? '' : dispatched.detail).toMatch(/certificate|self.signed|verify/i);
    } finally {
      await client.close();
    }
  });
});
