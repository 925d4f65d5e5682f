import { runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DigestServer, digestRefusal, findHeader } from '../src/index.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

afterEach(closeStacks);
afterAll(() => expect(runningPeers()).toEqual([]));

describe("sip-ua's digest client against a DigestServer over real UDP", () => {
  it('an expired nonce is challenged again with stale=true, and the client retries transparently', async () => {
    // The server's clock jumps past the nonce lifetime as soon as it has issued the first
    // challenge, so the client's first answer arrives with a nonce that has expired.
    let now = 1_000_000;
    const server = new DigestServer({ realm: 'test', algorithms: ['MD5'], now: () => now });
    const seen: { authorization?: string; answer: number; stale: boolean }[] = [];
    const uas = await testStack({
      onRequest: (request) => {
        const authorization = findHeader(request.headers, 'authorization');
        const source = request.source.address;
        const verdict = server.verify(
          authorization,
          { method: request.method, uri: request.uri, body: Buffer.from(request.body, 'utf8'), source },
          (user) => (user === 'alice' ? 'pw' : undefined),
        );
        const answer = verdict.ok ? { status: 202 } : digestRefusal(server, verdict, source);
        if (seen.length === 0) now += 60_000;
        seen.push({
          ...(authorization ? { authorization } : {}),
          answer: answer.status,
          stale: (answer.headers ?? []).some((h) => h.value.includes('stale=true')),
        });
        return answer;
      },
    });
    const uac = await testStack();
    const udp = uas.address('udp')!;
    const { outcome } = uac.send(message(`sip:bob@${udp.host}:${udp.port}`), {
      credentials: { username: 'alice', password: 'pw' },
    });
    const result = await outcome;
    expect(result.kind === 'response' && result.response.status).toBe(202);
    expect(seen.map(({ answer, stale }) => ({ answer, stale }))).toEqual([
      { answer: 401, stale: false },
      { answer: 401, stale: true },
      { answer: 202, stale: false },
    ]);
    expect(seen[1]!.authorization).not.toBe(seen[2]!.authorization);
  });
});
