import { makePeerDir, makeTestCa, removePeerDir } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkSipServerIdentity, SipReason, sipDomainIdentities } from '../src/index.js';
import { deliveryReport } from '../src/tech-kit/index.js';
import { startDnsServer, type TestDns } from './helpers/dns-server.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

// RFC 5922: a TLS server is checked against the SIP domain of the URI (or the domain the SRV lookup
// started from), never against the address the name resolved to.

const dir = makePeerDir('sip-tls-identity');
const ca = makeTestCa(dir);
const leaves = {
  domain: ca.leaf('domain', { cn: 'peer.test', san: ['DNS:peer.test'] }),
  ipOnly: ca.leaf('ip-only', { cn: '127.0.0.1', san: ['IP:127.0.0.1'] }),
  wrong: ca.leaf('wrong', { cn: 'wrong.test', san: ['DNS:wrong.test'] }),
  sipUri: ca.leaf('sip-uri', { cn: 'not-this.test', san: ['URI:sip:peer.test'] }),
  srvDomain: ca.leaf('srv-domain', { cn: 'example.test', san: ['DNS:example.test'] }),
};
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await closeStacks();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => removePeerDir(dir));

async function dns(zone: Parameters<typeof startDnsServer>[0]): Promise<TestDns> {
  const server = await startDnsServer(zone);
  cleanups.push(() => server.close());
  return server;
}

/** A TLS server with `leaf` answering 200, and a client trusting the CA that resolves with `resolver`. */
async function pair(leaf: { key: Buffer; cert: Buffer }, resolver: TestDns['resolver']) {
  const received: string[] = [];
  const server = await testStack({
    transports: [{ protocol: 'tls', tls: leaf }],
    onRequest: (request) => {
      received.push(request.body);
      return { status: 200 };
    },
  });
  const client = await testStack({ transports: [{ protocol: 'tls', tls: { ca: ca.ca } }], resolver });
  return { port: server.address('tls')!.port, client, received };
}

describe('TLS server identity (RFC 5922)', () => {
  it('a certificate for the URI domain peer.test is accepted for sips:bob@peer.test', async () => {
    const { resolver } = await dns({ a: { 'peer.test': ['127.0.0.1'] } });
    const { port, client, received } = await pair(leaves.domain, resolver);
    const handle = client.send(message(`sips:bob@peer.test:${port}`, 'to the domain'));
    expect(await handle.dispatched).toMatchObject({
      ok: true,
      target: { protocol: 'tls', address: '127.0.0.1' },
    });
    expect(deliveryReport(await handle.outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
    expect(received).toEqual(['to the domain']);
  });

  it('a certificate naming only the resolved IP is refused when the URI names a domain', async () => {
    const { resolver } = await dns({ a: { 'peer.test': ['127.0.0.1'] } });
    const { port, client, received } = await pair(leaves.ipOnly, resolver);
    const dispatched = await client.send(message(`sips:bob@peer.test:${port}`)).dispatched;
    expect(dispatched).toMatchObject({ ok: false, reason: SipReason.TransportError });
    expect(dispatched.ok ? '' : dispatched.detail).toContain('does not name the SIP domain peer.test');
    expect(received).toEqual([]);
  });

  it('a certificate for another name is refused', async () => {
    const { resolver } = await dns({ a: { 'peer.test': ['127.0.0.1'] } });
    const { port, client, received } = await pair(leaves.wrong, resolver);
    const dispatched = await client.send(message(`sips:bob@peer.test:${port}`)).dispatched;
    expect(dispatched).toMatchObject({ ok: false, reason: SipReason.TransportError });
    expect(dispatched.ok ? '' : dispatched.detail).toContain('it names wrong.test');
    expect(received).toEqual([]);
  });

  it('a subjectAltName URI sip:peer.test is accepted (its CN is not looked at)', async () => {
    const { resolver } = await dns({ a: { 'peer.test': ['127.0.0.1'] } });
    const { port, client } = await pair(leaves.sipUri, resolver);
    const outcome = await client.send(message(`sips:bob@peer.test:${port}`)).outcome;
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
  });

  it('through SRV the certificate must name the domain the lookup started from, not the SRV target', async () => {
    const received: string[] = [];
    const server = await testStack({
      transports: [{ protocol: 'tls', tls: leaves.srvDomain }],
      onRequest: (request) => {
        received.push(request.body);
        return { status: 200 };
      },
    });
    const port = server.address('tls')!.port;
    const { resolver } = await dns({
      srv: { '_sips._tcp.example.test': [{ priority: 0, weight: 0, port, target: 'tls.host.test' }] },
      a: { 'tls.host.test': ['127.0.0.1'] },
    });
    const client = await testStack({ transports: [{ protocol: 'tls', tls: { ca: ca.ca } }], resolver });
    const outcome = await client.send(message('sips:bob@example.test', 'via srv')).outcome;
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
    expect(outcome.kind === 'response' && outcome.target.port).toBe(port);
    expect(received).toEqual(['via srv']);
  });

  it('a URI naming the IP still accepts a certificate for that IP (no domain to check)', async () => {
    const { resolver } = await dns({});
    const { port, client } = await pair(leaves.ipOnly, resolver);
    const outcome = await client.send(message(`sips:bob@127.0.0.1:${port}`)).outcome;
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
  });
});

describe('sipDomainIdentities (RFC 5922 §7.1) and the match (§7.2)', () => {
  const cert = (subjectaltname: string | undefined, CN?: string) =>
    ({ subjectaltname, subject: CN === undefined ? {} : { CN } }) as Parameters<
      typeof sipDomainIdentities
    >[0];

  it('sip: URIs without a user part come first; DNS names count only without them', () => {
    expect(
      sipDomainIdentities(cert('DNS:a.test, URI:sip:b.test, URI:sip:alice@c.test, URI:https://d.test')),
    ).toEqual(['b.test']);
    expect(sipDomainIdentities(cert('DNS:a.test, DNS:B.Test, IP Address:127.0.0.1'))).toEqual([
      'a.test',
      'b.test',
    ]);
  });

  it('the CN is used only when there is no subjectAltName at all', () => {
    expect(sipDomainIdentities(cert(undefined, 'peer.test'))).toEqual(['peer.test']);
    expect(sipDomainIdentities(cert('IP Address:127.0.0.1', 'peer.test'))).toEqual([]);
  });

  it('reads JSON-quoted values that hold commas', () => {
    expect(sipDomainIdentities(cert('URI:"https://a.test/x,y", DNS:y.test'))).toEqual(['y.test']);
  });

  it('matches exactly and case-insensitively; a wildcard never matches', () => {
    expect(checkSipServerIdentity('Peer.Test.', cert('DNS:peer.test'))).toBeUndefined();
    expect(checkSipServerIdentity('a.peer.test', cert('DNS:*.peer.test'))?.message).toContain(
      'does not name the SIP domain a.peer.test',
    );
    expect(checkSipServerIdentity('peer.test', cert('DNS:sub.peer.test'))).toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });
});
