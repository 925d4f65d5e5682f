import { describe, expect, it } from 'vitest';
import { ANSWER_CACHE_LIMIT, DigestAnswerCache } from '../src/mechanics/auth/answer-cache.js';
import { withCachedAnswer } from '../src/mechanics/send/auth-retry.js';

const server = { protocol: 'udp', address: '127.0.0.1', port: 5060 } as const;
const alice = { username: 'alice', password: 'secret' };
const request = { method: 'MESSAGE', uri: 'sip:bob@example.com', headers: [], body: 'hi' };
const entry = () => ({
  challenge: { realm: 'r', nonce: 'n1', qop: 'auth', algorithm: 'MD5' },
  credentials: alice,
  header: 'Proxy-Authorization' as const,
  nc: 1,
});

describe('digest answers reused per server', () => {
  it('answers with the cached nonce, the nonce count incremented each time', () => {
    const cache = new DigestAnswerCache();
    cache.remember(server, entry());
    const first = withCachedAnswer(cache, server, request, [], [alice]);
    const second = withCachedAnswer(cache, server, request, [], [alice]);
    expect(first[0]?.name).toBe('Proxy-Authorization');
    expect(first[0]?.value).toMatch(/nonce="n1".*nc=00000002/);
    expect(second[0]?.value).toMatch(/nc=00000003/);
  });

  it('never answers with credentials the request was not given, nor for another server, nor after forget', () => {
    const cache = new DigestAnswerCache();
    cache.remember(server, entry());
    expect(withCachedAnswer(cache, server, request, [], [{ username: 'alice', password: 'other' }])).toEqual(
      [],
    );
    expect(withCachedAnswer(cache, server, request, [], [{ ...alice, realm: 'elsewhere' }])).toEqual([]);
    expect(withCachedAnswer(cache, { ...server, port: 5061 }, request, [], [alice])).toEqual([]);
    expect(withCachedAnswer(cache, server, request, [], [])).toEqual([]);
    cache.forget(server);
    expect(withCachedAnswer(cache, server, request, [], [alice])).toEqual([]);
  });

  it('is bounded: the oldest server is forgotten first', () => {
    const cache = new DigestAnswerCache();
    for (let port = 1; port <= ANSWER_CACHE_LIMIT + 1; port++) cache.remember({ ...server, port }, entry());
    expect(cache.find({ ...server, port: 1 }, [alice])).toBeUndefined();
    expect(cache.find({ ...server, port: 2 }, [alice])).toBeDefined();
  });
});
