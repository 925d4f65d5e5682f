import { describe, expect, it } from 'vitest';
import { authorize, DigestServer, parseDigestHeader } from '../src/index.js';

const request = { method: 'REGISTER', uri: 'sip:example.com', body: Buffer.alloc(0), source: '127.0.0.1' };
const alice = { username: 'alice', password: 'pw' };
const lookup = (user: string) => (user === 'alice' ? 'pw' : undefined);

/** A challenge as the client sees it; `qop: false` turns it into an RFC 2069 one (no qop answered). */
function challengeOf(server: DigestServer, source = request.source, qop = true) {
  const challenge = parseDigestHeader(server.challenges(false, source)[0]!)!;
  if (!qop) delete challenge.qop;
  return challenge;
}

describe('DigestServer: answers cannot be replayed', () => {
  it('offers only qop="auth" and refuses an RFC 2069 answer (no qop) unless allowed', () => {
    const server = new DigestServer({ realm: 'r', algorithms: ['MD5'] });
    expect(server.challenges()[0]).toMatch(/qop="auth"$/);
    const answer = authorize(challengeOf(server, request.source, false), alice, request);
    expect(answer).not.toContain('qop=');
    expect(server.verify(answer, request, lookup)).toMatchObject({ ok: false, reason: 'no-qop' });
  });

  it('with allowRfc2069, a no-qop answer is good once: five replays are refused', () => {
    const server = new DigestServer({ realm: 'r', algorithms: ['MD5'], allowRfc2069: true });
    const answer = authorize(challengeOf(server, request.source, false), alice, request);
    expect(server.verify(answer, request, lookup)).toEqual({ ok: true, username: 'alice' });
    for (let i = 0; i < 5; i++)
      expect(server.verify(answer, request, lookup)).toMatchObject({ ok: false, reason: 'replay' });
  });

  it('qop=auth: the nonce count must strictly grow per nonce', () => {
    const server = new DigestServer({ realm: 'r', algorithms: ['MD5'] });
    const challenge = challengeOf(server);
    const at = (nc: number) => server.verify(authorize(challenge, alice, request, nc), request, lookup);
    expect(at(1).ok).toBe(true);
    expect(at(1)).toMatchObject({ ok: false, reason: 'replay' });
    expect(at(3).ok).toBe(true);
    expect(at(2)).toMatchObject({ ok: false, reason: 'replay' });
    expect(at(4).ok).toBe(true);
  });

  it('a nonce is bound to the address it was sent to: from elsewhere the right answer is stale', () => {
    const server = new DigestServer({ realm: 'r', algorithms: ['MD5'] });
    const answer = authorize(challengeOf(server, '127.0.0.1'), alice, request);
    expect(server.verify(answer, { ...request, source: '127.0.0.3' }, lookup)).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(server.verify(answer, request, lookup).ok).toBe(true);
  });

  it('a nonce older than its lifetime (default 32 s) is stale, even for a first use', () => {
    let now = 1_000_000;
    const server = new DigestServer({ realm: 'r', algorithms: ['MD5'], now: () => now });
    const answer = authorize(challengeOf(server), alice, request);
    now += 32_001;
    expect(server.verify(answer, request, lookup)).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('the record of uses is bounded, and a nonce whose uses were forgotten is stale, never reusable', () => {
    let now = 1_000_000;
    const server = new DigestServer({ realm: 'r', algorithms: ['MD5'], maxTrackedNonces: 2, now: () => now });
    const answers = [0, 1, 2].map(() => {
      now += 1;
      return authorize(challengeOf(server), alice, request);
    });
    for (const answer of answers) expect(server.verify(answer, request, lookup).ok).toBe(true);
    // The first nonce's use was dropped to stay within 2: replaying it must not pass.
    expect(server.verify(answers[0], request, lookup)).toMatchObject({ ok: false, reason: 'stale' });
    expect(server.verify(answers[2], request, lookup)).toMatchObject({ ok: false, reason: 'replay' });
    const fresh = authorize(challengeOf(server), alice, request);
    expect(server.verify(fresh, request, lookup).ok).toBe(true);
  });

  it('a malformed nonce count or an unknown qop is refused as malformed', () => {
    const server = new DigestServer({ realm: 'r', algorithms: ['MD5'] });
    const answer = authorize(challengeOf(server), alice, request);
    expect(server.verify(answer.replace(/nc=\w+/, 'nc=1'), request, lookup)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(server.verify(answer.replace('qop=auth', 'qop=other'), request, lookup)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });
});
