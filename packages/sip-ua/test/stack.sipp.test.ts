import {
  headerValue,
  runningPeers,
  type SippPeer,
  startSippUas,
  stopAllPeers,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { digestResponse, parseDigestHeader, SipReason } from '../src/index.js';
import { deliveryReport } from '../src/tech-kit/index.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

const peers: SippPeer[] = [];
async function uas(...args: Parameters<typeof uasScenario>): Promise<SippPeer> {
  const peer = await startSippUas({ scenario: uasScenario(...args) });
  peers.push(peer);
  return peer;
}
async function tcpUas(...args: Parameters<typeof uasScenario>): Promise<SippPeer> {
  const peer = await startSippUas({ scenario: uasScenario(...args), transport: 'tcp' });
  peers.push(peer);
  return peer;
}

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  await closeStacks();
});
afterAll(async () => {
  await stopAllPeers();
  expect(runningPeers()).toEqual([]);
});

describe('sending MESSAGE to SIPp', () => {
  it.each([
    [200, 'OK'],
    [202, 'Accepted'],
  ])(
    'a %i answer is delivered; the body arrives as UTF-8 with a byte Content-Length',
    async (status, reason) => {
      const peer = await uas([{ request: 'MESSAGE', replies: [{ status, reason }] }]);
      const stack = await testStack();
      const handle = stack.send(message(peer.uri('bob')));
      expect(await handle.dispatched).toMatchObject({
        ok: true,
        target: { protocol: 'udp', port: peer.port },
      });
      const outcome = await handle.outcome;
      expect(deliveryReport(outcome)).toEqual({
        outcome: 'delivered',
        code: status,
        detail: `${status} ${reason}`,
      });
      const [request] = await peer.waitForRequests(1);
      expect(request!.body).toBe('héllo wörld ✓');
      expect(headerValue(request!, 'Content-Length')).toBe(String(Buffer.byteLength('héllo wörld ✓')));
      expect(headerValue(request!, 'Via')).toMatch(
        /^SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;rport;branch=z9hG4bK[\w-]{23}$/,
      );
    },
  );

  it('a 404 is a rejected delivery', async () => {
    const peer = await uas([{ request: 'MESSAGE', replies: [{ status: 404, reason: 'Not Found' }] }]);
    const stack = await testStack();
    const outcome = await stack.send(message(peer.uri('nobody'))).outcome;
    expect(deliveryReport(outcome)).toEqual({ outcome: 'rejected', code: 404, detail: '404 Not Found' });
  });

  it.each([
    ['WWW-Authenticate', 401, 'Unauthorized', 'Authorization', 'MD5'],
    ['Proxy-Authenticate', 407, 'Proxy Authentication Required', 'Proxy-Authorization', 'SHA-256'],
  ] as const)(
    'answers a %s challenge (%i) with %s credentials, CSeq bumped, custom header kept',
    async (challengeHeader, status, reason, answerHeader, algorithm) => {
      const peer = await uas([
        {
          request: 'MESSAGE',
          replies: [
            {
              status,
              reason,
              headers: [
                `${challengeHeader}: Digest realm="sipp", nonce="n0nce-1", algorithm=${algorithm}, qop="auth", opaque="op"`,
              ],
            },
          ],
        },
        {
          request: 'MESSAGE',
          checks: [{ in: 'hdr', header: answerHeader, regexp: `algorithm=${algorithm}` }],
          replies: [{ status: 202, reason: 'Accepted' }],
        },
      ]);
      const stack = await testStack();
      const outcome = await stack.send(
        message(peer.uri('bob'), 'secret body', [{ name: 'X-Custom', value: 'kept' }]),
        {
          credentials: { username: 'alice', password: 'wonderland' },
        },
      ).outcome;
      expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 202 });
      const [first, second] = await peer.waitForRequests(2);
      expect(headerValue(first!, 'CSeq')).toBe('1 MESSAGE');
      expect(headerValue(second!, 'CSeq')).toBe('2 MESSAGE');
      expect(headerValue(second!, 'Call-ID')).toBe(headerValue(first!, 'Call-ID'));
      expect(headerValue(second!, 'X-Custom')).toBe('kept');
      const params = parseDigestHeader(headerValue(second!, answerHeader)!)!;
      expect(params).toMatchObject({
        username: 'alice',
        realm: 'sipp',
        nonce: 'n0nce-1',
        uri: peer.uri('bob'),
        opaque: 'op',
        qop: 'auth',
        nc: '00000001',
      });
      const expected = digestResponse({
        algorithm,
        session: false,
        username: 'alice',
        password: 'wonderland',
        realm: 'sipp',
        method: 'MESSAGE',
        uri: params.uri!,
        nonce: 'n0nce-1',
        cnonce: params.cnonce,
        nc: params.nc,
        qop: 'auth',
      });
      expect(params.response).toBe(expected);
      expect((await peer.stop()).errors).toEqual([]);
    },
  );

  it('a repeated challenge (wrong password) is not answered again: the 401 is the outcome', async () => {
    const challenge = {
      status: 401,
      reason: 'Unauthorized',
      headers: ['WWW-Authenticate: Digest realm="sipp", nonce="n1", algorithm=MD5'],
    };
    const peer = await uas([
      { request: 'MESSAGE', replies: [challenge] },
      { request: 'MESSAGE', replies: [challenge] },
    ]);
    const stack = await testStack();
    const outcome = await stack.send(message(peer.uri('bob')), {
      credentials: { username: 'alice', password: 'wrong' },
    }).outcome;
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'rejected', code: 401 });
    expect(peer.requests()).toHaveLength(2);
  });

  it('a silent peer ends in a timeout within the bound', async () => {
    const peer = await uas([{ request: 'MESSAGE' }]);
    const stack = await testStack();
    const started = Date.now();
    const outcome = await stack.send(message(peer.uri('bob')), { timeoutMs: 600 }).outcome;
    expect(outcome.kind).toBe('timeout');
    expect(deliveryReport(outcome).outcome).toBe('timeout');
    // Not before the bound; the upper bound only says "no hang", generous for a loaded machine.
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('100 Trying and then silence still ends in a timeout, not a hang', async () => {
    const peer = await uas([{ request: 'MESSAGE', replies: [{ status: 100, reason: 'Trying' }] }]);
    const stack = await testStack();
    const started = Date.now();
    const outcome = await stack.send(message(peer.uri('bob')), { timeoutMs: 600 }).outcome;
    expect(outcome.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a 1500-byte MESSAGE goes over TCP, not UDP (RFC 3428)', async () => {
    const peer = await tcpUas([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }]);
    const stack = await testStack();
    const body = 'x'.repeat(1500);
    const handle = stack.send(message(`sip:bob@127.0.0.1:${peer.port}`, body));
    expect(await handle.dispatched).toMatchObject({ ok: true, target: { protocol: 'tcp' } });
    expect(deliveryReport(await handle.outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
    const [request] = await peer.waitForRequests(1);
    expect(request!.transport).toBe('TCP');
    expect(request!.body).toBe(body);
    expect(headerValue(request!, 'Via')).toMatch(/^SIP\/2\.0\/TCP /);
  });

  it('a MESSAGE over 1300 bytes to a URI that forces UDP is refused before sending', async () => {
    const stack = await testStack();
    const handle = stack.send(message('sip:bob@127.0.0.1:9;transport=udp', 'x'.repeat(1400)));
    expect(await handle.dispatched).toMatchObject({ ok: false, reason: SipReason.TooLargeForUdp });
    expect(await handle.outcome).toMatchObject({ kind: 'failed', reason: SipReason.TooLargeForUdp });
  });

  it('close() gives a written request its grace, then settles it as sent but unanswered', async () => {
    const peer = await uas([{ request: 'MESSAGE' }]);
    const stack = await testStack();
    const handle = stack.send(message(peer.uri('bob')));
    await handle.dispatched;
    await stack.close({ graceMs: 50 });
    const outcome = await handle.outcome;
    expect(outcome).toMatchObject({ kind: 'failed', reason: SipReason.StackClosed, sent: true });
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'error', code: SipReason.StackClosed });
    expect(await peer.waitForRequests(1)).toHaveLength(1);
  });

  it('close() right after send() flushes it: the peer gets it and the 202 settles the report', async () => {
    const peer = await uas([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]);
    const stack = await testStack();
    const handle = stack.send(message(peer.uri('bob'), 'closing now'));
    await stack.close();
    expect(await handle.dispatched).toMatchObject({ ok: true });
    expect(deliveryReport(await handle.outcome)).toMatchObject({ outcome: 'delivered', code: 202 });
    const [request] = await peer.waitForRequests(1);
    expect(request!.body).toBe('closing now');
    const late = stack.send(message(peer.uri('bob')));
    expect(await late.dispatched).toMatchObject({ ok: false, reason: SipReason.StackClosed });
    expect(deliveryReport(await late.outcome)).toMatchObject({ outcome: 'not-sent' });
  });
});
