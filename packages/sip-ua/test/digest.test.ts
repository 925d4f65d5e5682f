import { describe, expect, it } from 'vitest';
import {
  authorize,
  chooseChallenge,
  DigestRejection,
  DigestServer,
  digestResponse,
  parseDigestHeader,
} from '../src/index.js';

// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: '00000001',
  qop: 'auth' as const,
};

describe('digestResponse', () => {
  it('matches the RFC 7616 §3.9.1 MD5 example', () => {
    expect(digestResponse({ ...rfc7616, algorithm: 'MD5', session: false })).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  it('matches the RFC 7616 §3.9.1 SHA-256 example', () => {
    expect(digestResponse({ ...rfc7616, algorithm: 'SHA-256', session: false })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('matches RFC 2617 §3.5 (MD5, qop=auth)', () => {
    expect(
      digestResponse({
        algorithm: 'MD5',
        session: false,
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        cnonce: '0a4f113b',
        nc: '00000001',
        qop: 'auth',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('session and auth-int variants differ from plain auth and depend on the body', () => {
    const base = { ...rfc7616, algorithm: 'SHA-512-256' as const, session: false };
    const plain = digestResponse(base);
    const session = digestResponse({ ...base, session: true });
    const intA = digestResponse({ ...base, qop: 'auth-int', body: Buffer.from('a') });
    const intB = digestResponse({ ...base, qop: 'auth-int', body: Buffer.from('b') });
    expect(new Set([plain, session, intA, intB]).size).toBe(4);
    expect(plain).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('parseDigestHeader', () => {
  it('reads quoted, escaped and bare values', () => {
    expect(
      parseDigestHeader(
        'Digest realm="a\\"b", nonce="n,1", algorithm=SHA-256, qop="auth,auth-int", stale=TRUE',
      ),
    ).toEqual({
      realm: 'a"b',
      nonce: 'n,1',
      algorithm: 'SHA-256',
      qop: 'auth,auth-int',
      stale: 'TRUE',
    });
    expect(parseDigestHeader('Basic realm="x"')).toBeUndefined();
    expect(parseDigestHeader('Digest realm="unterminated')).toBeUndefined();
  });
});

describe('authorize and DigestServer', () => {
  const request = { method: 'MESSAGE', uri: 'sip:bob@example.com', body: Buffer.from('hi') };

  it('prefers the strongest algorithm offered', () => {
    const chosen = chooseChallenge([
      { realm: 'r', nonce: 'n', algorithm: 'MD5' },
      { realm: 'r', nonce: 'n', algorithm: 'SHA-256' },
      { realm: 'r', nonce: 'n', algorithm: 'SHA-999' },
    ]);
    expect(chosen?.algorithm).toBe('SHA-256');
  });

  it.each(['SHA-256', 'MD5', 'SHA-512-256'] as const)(
    'a client answer to a %s challenge verifies',
    (algorithm) => {
      const server = new DigestServer({ realm: 'test', algorithms: [algorithm] });
      const challenge = parseDigestHeader(server.challenges()[0]!)!;
      const header = authorize(challenge, { username: 'alice', password: 'pw' }, request);
      expect(header).toContain(`algorithm=${algorithm}`);
      expect(server.verify(header, request, (u) => (u === 'alice' ? 'pw' : undefined))).toEqual({
        ok: true,
        username: 'alice',
      });
    },
  );

  it('refuses a wrong password, an unknown user, a replayed nonce count, another uri and a forged nonce', () => {
    const server = new DigestServer({ realm: 'test' });
    const challenge = parseDigestHeader(server.challenges()[0]!)!;
    const lookup = (u: string) => (u === 'alice' ? 'pw' : undefined);
    const good = authorize(challenge, { username: 'alice', password: 'pw' }, request);
    expect(server.verify(good, request, lookup).ok).toBe(true);
    expect(server.verify(good, request, lookup)).toMatchObject({ ok: false, reason: 'replay' });
    expect(
      server.verify(authorize(challenge, { username: 'alice', password: 'nope' }, request), request, lookup),
    ).toMatchObject({
      ok: false,
      reason: 'wrong-credentials',
    });
    expect(
      server.verify(authorize(challenge, { username: 'mallory', password: 'pw' }, request), request, lookup),
    ).toMatchObject({
      ok: false,
      reason: 'unknown-user',
    });
    expect(server.verify(good, { ...request, uri: 'sip:other@example.com' }, lookup)).toMatchObject({
      ok: false,
      reason: 'wrong-uri',
    });
    const forged = authorize(
      { ...challenge, nonce: 'forged' },
      { username: 'alice', password: 'pw' },
      request,
    );
    expect(server.verify(forged, request, lookup)).toMatchObject({ ok: false, reason: 'wrong-credentials' });
    expect(server.verify(undefined, request, lookup)).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('a refusal is a core Failure: a reason from DigestRejection and a detail without the answer', () => {
    const server = new DigestServer({ realm: 'test' });
    const challenge = parseDigestHeader(server.challenges()[0]!)!;
    const wrong = authorize(challenge, { username: 'alice', password: 'nope' }, request);
    const verdict = server.verify(wrong, request, () => 'pw');
    expect(verdict).toEqual({
      ok: false,
      reason: DigestRejection.WrongCredentials,
      detail: 'wrong password or a nonce never issued',
    });
    const response = parseDigestHeader(wrong)!.response!;
    expect(JSON.stringify(verdict)).not.toContain(response);
    expect(JSON.stringify(verdict)).not.toContain('nope');
    expect(Object.values(DigestRejection)).toContain(verdict.ok ? undefined : verdict.reason);
  });

  it('an old nonce is stale, and a stale challenge says so', () => {
    let now = 1_000_000;
    const server = new DigestServer({ realm: 'test', nonceTtlMs: 1000, now: () => now });
    const challenge = parseDigestHeader(server.challenges()[0]!)!;
    const header = authorize(challenge, { username: 'alice', password: 'pw' }, request);
    now += 5000;
    expect(server.verify(header, request, () => 'pw')).toMatchObject({ ok: false, reason: 'stale' });
    expect(server.challenges(true)[0]).toContain('stale=true');
  });
});
