import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
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

  it('a new request never rides a TLS connection a peer opened to us (its certificate was never checked)', async () => {
    const stack = await testStack({
      transports: [
        {
          protocol: 'tls',
          tls: {
            key: readFileSync(files.keyFile),
            cert: readFileSync(files.certFile),
            ca,
            servername: 'localhost',
          },
        },
      ],
      onRequest: () => ({ status: 200 }),
    });
    // The peer connects to our listener; its side of the connection is an ephemeral port.
    const peer = tlsConnect({
      host: '127.0.0.1',
      port: stack.address('tls')!.port,
      ca,
      servername: 'localhost',
    });
    const seen: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => seen.push(chunk));
    await new Promise<void>((resolve) => peer.once('secureConnect', () => resolve()));
    // One request from the peer, answered on its connection: the stack now holds that connection.
    const port = peer.localPort;
    peer.write(
      `OPTIONS sip:us@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:${port};branch=z9hG4bK-peer1\r\n` +
        `From: <sip:peer@127.0.0.1>;tag=p1\r\nTo: <sip:us@127.0.0.1>\r\nCall-ID: peer-1\r\n` +
        'CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
    );
    await new Promise<void>((resolve, reject) => {
      const bound = setTimeout(() => reject(new Error('no answer to the peer within 2 s')), 2000);
      peer.on('data', () => {
        if (!Buffer.concat(seen).toString().startsWith('SIP/2.0 200')) return;
        clearTimeout(bound);
        seen.length = 0;
        resolve();
      });
    });
    try {
      const handle = stack.send(message(`sips:bob@127.0.0.1:${port}`, 'for a verified server only'), {
        timeoutMs: 2000,
      });
      // Nothing listens on the peer's ephemeral port, so a fresh (verified) connection fails.
      expect(await handle.dispatched).toMatchObject({ ok: false, reason: SipReason.TransportError });
      expect(Buffer.concat(seen).toString()).not.toContain('for a verified server only');
    } finally {
      peer.destroy();
    }
  });
});
