import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SipReason } from '../src/index.js';
import { deliveryReport } from '../src/tech-kit/index.js';
import { startDnsServer } from './helpers/dns-server.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

// A TCP connection reset or closed after the MESSAGE was written ends that request at once with
// SIP_TRANSPORT_ERROR (and fails over to the next target), instead of waiting out the whole bound.
// The send bound is 60 s and each test is given 10 s: one that waited the bound out fails.

const BOUND_MS = 60_000;
const TEST_BOUND_MS = 10_000;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await closeStacks();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A real TCP peer that accepts, reads one whole request, then resets or closes the connection. */
async function hangUpPeer(how: 'reset' | 'close'): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (!text.includes('\r\n\r\n')) return;
      requests.push(text.split('\r\n')[0]!);
      if (how === 'reset') socket.resetAndDestroy();
      else socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, requests };
}

describe('a TCP connection lost under a pending request', () => {
  it.each(['reset', 'close'] as const)(
    'a %s after the request was read is SIP_TRANSPORT_ERROR at once, not a timeout',
    async (how) => {
      const peer = await hangUpPeer(how);
      const stack = await testStack();
      const handle = stack.send(message(`sip:bob@127.0.0.1:${peer.port};transport=tcp`), {
        timeoutMs: BOUND_MS,
      });
      expect(await handle.dispatched).toMatchObject({ ok: true, target: { protocol: 'tcp' } });
      const outcome = await handle.outcome;
      expect(outcome).toMatchObject({ kind: 'failed', reason: SipReason.TransportError, sent: true });
      expect(deliveryReport(outcome)).toMatchObject({ outcome: 'error', code: SipReason.TransportError });
      expect(peer.requests).toEqual([`MESSAGE sip:bob@127.0.0.1:${peer.port};transport=tcp SIP/2.0`]);
    },
    TEST_BOUND_MS,
  );

  it(
    'fails over (RFC 3263) to the next SRV target, which answers',
    async () => {
      const first = await hangUpPeer('reset');
      const received: string[] = [];
      const second = await testStack({
        onRequest: (request) => {
          received.push(request.body);
          return { status: 202 };
        },
      });
      const secondPort = second.address('tcp')!.port;
      const dns = await startDnsServer({
        srv: {
          '_sip._tcp.example.test': [
            { priority: 1, weight: 0, port: first.port, target: 'a.example.test' },
            { priority: 2, weight: 0, port: secondPort, target: 'a.example.test' },
          ],
        },
        a: { 'a.example.test': ['127.0.0.1'] },
      });
      cleanups.push(() => dns.close());
      const stack = await testStack({ resolver: dns.resolver });
      const outcome = await stack.send(message('sip:bob@example.test;transport=tcp', 'second try'), {
        timeoutMs: BOUND_MS,
      }).outcome;
      expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 202 });
      expect(outcome.kind === 'response' && outcome.target.port).toBe(secondPort);
      expect(first.requests).toHaveLength(1);
      expect(received).toEqual(['second try']);
    },
    TEST_BOUND_MS,
  );
});
