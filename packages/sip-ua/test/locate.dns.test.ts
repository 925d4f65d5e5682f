import { runningPeers, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { locate, orderSrv } from '../src/index.js';
import { deliveryReport } from '../src/tech-kit/index.js';
import { startDnsServer, type TestDns } from './helpers/dns-server.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  await closeStacks();
});
afterAll(() => expect(runningPeers()).toEqual([]));

async function dns(zone: Parameters<typeof startDnsServer>[0]): Promise<TestDns> {
  const server = await startDnsServer(zone);
  cleanups.push(() => server.close());
  return server;
}
async function peer(status: number, reason: string): Promise<SippPeer> {
  const started = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status, reason }] }]),
  });
  cleanups.push(() => started.stop());
  return started;
}

describe('RFC 3263 location against a DNS server on loopback', () => {
  it('fails over along SRV priorities: a 503 from the first target sends the request to the second', async () => {
    const first = await peer(503, 'Service Unavailable');
    const second = await peer(200, 'OK');
    const server = await dns({
      srv: {
        '_sip._udp.example.test': [
          { priority: 20, weight: 0, port: second.port, target: 'b.example.test' },
          { priority: 10, weight: 0, port: first.port, target: 'a.example.test' },
        ],
      },
      a: { 'a.example.test': ['127.0.0.1'], 'b.example.test': ['127.0.0.1'] },
    });
    const stack = await testStack({ resolver: server.resolver });
    const outcome = await stack.send(message('sip:bob@example.test')).outcome;
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
    expect(first.requests()).toHaveLength(1);
    expect(second.requests()).toHaveLength(1);
    expect(outcome.kind === 'response' && outcome.target.port).toBe(second.port);
  });

  it('fails over when the first target is silent', async () => {
    const silent = await startSippUas({ scenario: uasScenario([{ request: 'MESSAGE' }]) });
    cleanups.push(() => silent.stop());
    const answering = await peer(202, 'Accepted');
    const server = await dns({
      srv: {
        '_sip._udp.example.test': [
          { priority: 1, weight: 0, port: silent.port, target: 'a.example.test' },
          { priority: 2, weight: 0, port: answering.port, target: 'a.example.test' },
        ],
      },
      a: { 'a.example.test': ['127.0.0.1'] },
    });
    // A short T1: the silent target's Timer F (64*T1) ends sooner, nothing else changes.
    const stack = await testStack({ resolver: server.resolver, timers: { t1: 10, t2: 40, t4: 100 } });
    const outcome = await stack.send(message('sip:bob@example.test'), { timeoutMs: 10_000 }).outcome;
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 202 });
  });

  it('follows NAPTR to the TCP SRV name', async () => {
    const server = await dns({
      naptr: {
        'example.test': [
          {
            order: 10,
            preference: 10,
            flags: 's',
            service: 'SIP+D2T',
            replacement: '_sip._tcp.example.test',
          },
        ],
      },
      srv: { '_sip._tcp.example.test': [{ priority: 0, weight: 0, port: 5070, target: 'sip.example.test' }] },
      a: { 'sip.example.test': ['127.0.0.9'] },
    });
    expect(
      await locate('sip:bob@example.test', { protocols: ['udp', 'tcp'], resolver: server.resolver }),
    ).toEqual({
      ok: true,
      targets: [{ protocol: 'tcp', address: '127.0.0.9', port: 5070 }],
      domain: 'example.test',
    });
  });

  it('without NAPTR and SRV uses A records and port 5060; an explicit port skips SRV', async () => {
    const server = await dns({ a: { 'example.test': ['127.0.0.7'] } });
    expect(
      await locate('sip:bob@example.test', { protocols: ['udp', 'tcp'], resolver: server.resolver }),
    ).toEqual({
      ok: true,
      targets: [{ protocol: 'udp', address: '127.0.0.7', port: 5060 }],
      domain: 'example.test',
    });
    server.queries.length = 0;
    expect(
      await locate('sip:bob@example.test:5099;transport=tcp', {
        protocols: ['udp', 'tcp'],
        resolver: server.resolver,
      }),
    ).toEqual({
      ok: true,
      targets: [{ protocol: 'tcp', address: '127.0.0.7', port: 5099 }],
      domain: 'example.test',
    });
    expect(server.queries.some((q) => q.startsWith('33:') || q.startsWith('35:'))).toBe(false);
  });

  it('IP literals, sips: and transport= need no DNS; missing transports and unknown hosts fail clearly', async () => {
    const server = await dns({});
    const opts = { protocols: ['udp', 'tcp'] as ('udp' | 'tcp' | 'tls')[], resolver: server.resolver };
    expect(await locate('sip:[2001:db8::1]:5070', opts)).toEqual({
      ok: true,
      targets: [{ protocol: 'udp', address: '2001:db8::1', port: 5070 }],
    });
    expect(await locate('sip:10.0.0.1;transport=tcp', opts)).toEqual({
      ok: true,
      targets: [{ protocol: 'tcp', address: '10.0.0.1', port: 5060 }],
    });
    expect(await locate('sips:bob@10.0.0.1', opts)).toMatchObject({ ok: false, reason: 'no-transport' });
    expect(await locate('sip:bob@nowhere.test', opts)).toMatchObject({ ok: false, reason: 'dns' });
    expect(server.queries.filter((q) => !q.includes('nowhere.test'))).toEqual([]);
  });

  it('a DNS failure is a failed send that never dispatches', async () => {
    const server = await dns({});
    const stack = await testStack({ resolver: server.resolver });
    const handle = stack.send(message('sip:bob@nowhere.test'));
    expect(await handle.dispatched).toMatchObject({ ok: false, reason: 'SIP_DNS_FAILED' });
  });
});

describe('orderSrv (RFC 2782)', () => {
  it('orders by priority, and within one by weight-proportional random choice', () => {
    const records = [
      { priority: 2, weight: 0, name: 'c' },
      { priority: 1, weight: 90, name: 'a' },
      { priority: 1, weight: 10, name: 'b' },
    ];
    expect(orderSrv(records, () => 0.5).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(orderSrv(records, () => 0.01).map((r) => r.name)).toEqual(['b', 'a', 'c']);
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const firsts = Array.from({ length: 2000 }, () => orderSrv(records, random)[0]!.name);
    const share = firsts.filter((n) => n === 'a').length / firsts.length;
    expect(share).toBeGreaterThan(0.8);
    expect(share).toBeLessThan(0.97);
  });
});
