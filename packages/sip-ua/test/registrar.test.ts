import { registerScenario, runningPeers, runSippUac } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { IncomingRequest } from '../src/index.js';
import {
  applyRegister,
  DigestServer,
  findHeader,
  MemoryRegistrationStore,
  parseContactList,
  parseRegister,
} from '../src/index.js';
import { closeStacks, testStack } from './helpers/stack.js';

afterEach(closeStacks);
afterAll(() => expect(runningPeers()).toEqual([]));

function register(headers: [string, string][], cseq = 1, callId = 'c1'): IncomingRequest {
  return {
    kind: 'request',
    method: 'REGISTER',
    uri: 'sip:example.com',
    headers: [
      { name: 'To', value: '<sip:alice@example.com>' },
      ...headers.map(([name, value]) => ({ name, value })),
    ],
    body: '',
    bodyBytes: 0,
    parsed: { version: '2.0', headers: { cseq: { seq: cseq, method: 'REGISTER' }, 'call-id': callId } },
    topVia: { sentBy: '127.0.0.1:5070', branch: 'z9hG4bK1' },
    cseq: { seq: cseq, method: 'REGISTER' },
    callId,
    source: {
      protocol: 'udp',
      address: '127.0.0.1',
      port: 5070,
      local: { address: '127.0.0.1', port: 5060 },
    },
  };
}

describe('parseContactList', () => {
  it('splits entries, reads expires and q, and keeps bare-URI parameters out of the URI', () => {
    expect(parseContactList('"A, B" <sip:a@h;transport=tcp>;expires=60;q=0.5, sip:b@h;expires=0')).toEqual({
      entries: [
        { uri: 'sip:a@h;transport=tcp', displayName: 'A, B', expires: 60, q: 0.5 },
        { uri: 'sip:b@h', expires: 0 },
      ],
      rejected: [],
    });
    expect(parseContactList('*')).toBe('*');
    expect(parseContactList('<not a uri>')).toEqual({
      entries: [],
      rejected: [{ index: 0, kind: 'malformed', detail: 'malformed sip/sips URI' }],
    });
  });

  it('keeps the good entries when one is bad, and reports the bad ones without their text', () => {
    const list = parseContactList('<sip:a@h>, <sip:u:secret@>, , <tel:+1>, sip:c@h;q=1, <sip:b@h;expires=5');
    expect(list).toEqual({
      entries: [{ uri: 'sip:a@h' }, { uri: 'sip:c@h', q: 1 }],
      rejected: [
        { index: 1, kind: 'malformed', detail: 'malformed sip/sips URI' },
        { index: 2, kind: 'malformed', detail: 'empty entry' },
        { index: 3, kind: 'other-scheme', detail: 'not a sip/sips URI' },
        { index: 5, kind: 'malformed', detail: 'no closing ">"' },
      ],
    });
    expect(JSON.stringify(list)).not.toContain('secret');
  });

  it('a REGISTER with one bad Contact entry is still refused whole (nothing half-bound)', () => {
    const parsed = parseRegister(register([['Contact', '<sip:alice@10.0.0.1:5070>, <sip:bad:pw@>']]));
    expect(parsed).toBe('malformed Contact (entry 2: malformed sip/sips URI)');
    expect(parsed).not.toContain('pw');
  });
});

describe('applyRegister', () => {
  const now = 1_000_000;
  it('adds bindings with the expiry asked (capped), lists them, and removes with expires=0', () => {
    const store = new MemoryRegistrationStore();
    const first = parseRegister(
      register([
        ['Contact', '<sip:alice@10.0.0.1:5070>'],
        ['Expires', '99999'],
      ]),
    );
    expect(typeof first).toBe('object');
    const added = applyRegister(store, 'alice', first as never, { maxExpires: 3600 }, undefined, now);
    expect(added).toEqual({
      status: 200,
      headers: [{ name: 'Contact', value: '<sip:alice@10.0.0.1:5070>;expires=3600' }],
    });
    expect(store.bindings('alice', now + 3_599_000)).toHaveLength(1);
    expect(store.bindings('alice', now + 3_600_001)).toHaveLength(0);
    applyRegister(store, 'alice', first as never, {}, undefined, now);
    const removal = parseRegister(register([['Contact', '<sip:alice@10.0.0.1:5070>;expires=0']], 2));
    expect(applyRegister(store, 'alice', removal as never, {}, undefined, now)).toEqual({
      status: 200,
      headers: [],
    });
  });

  it('answers 423 with Min-Expires for too short an expiry, and 400 for * without Expires: 0', () => {
    const store = new MemoryRegistrationStore();
    const short = parseRegister(
      register([
        ['Contact', '<sip:a@h>'],
        ['Expires', '10'],
      ]),
    );
    expect(applyRegister(store, 'k', short as never, { minExpires: 60 }, undefined, now)).toEqual({
      status: 423,
      headers: [{ name: 'Min-Expires', value: '60' }],
    });
    const star = parseRegister(
      register([
        ['Contact', '*'],
        ['Expires', '30'],
      ]),
    );
    expect(applyRegister(store, 'k', star as never, {}, undefined, now).status).toBe(400);
  });

  it('refuses a contact over max_contacts, or replaces the oldest with remove_existing', () => {
    const store = new MemoryRegistrationStore();
    applyRegister(
      store,
      'k',
      parseRegister(register([['Contact', '<sip:one@h>']])) as never,
      { maxContacts: 1 },
      undefined,
      now,
    );
    const second = parseRegister(register([['Contact', '<sip:two@h>']], 1, 'c2'));
    expect(applyRegister(store, 'k', second as never, { maxContacts: 1 }, undefined, now + 1).status).toBe(
      403,
    );
    expect(
      applyRegister(store, 'k', second as never, { maxContacts: 1, removeExisting: true }, undefined, now + 1)
        .status,
    ).toBe(200);
    expect(store.bindings('k', now + 2).map((b) => b.contact)).toEqual(['sip:two@h']);
  });

  it('* with Expires: 0 removes every binding; a stale CSeq from the same Call-ID is ignored', () => {
    const store = new MemoryRegistrationStore();
    applyRegister(
      store,
      'k',
      parseRegister(register([['Contact', '<sip:a@h>']], 5)) as never,
      {},
      undefined,
      now,
    );
    applyRegister(
      store,
      'k',
      parseRegister(register([['Contact', '<sip:a@h>;expires=0']], 4)) as never,
      {},
      undefined,
      now,
    );
    expect(store.bindings('k', now)).toHaveLength(1);
    applyRegister(
      store,
      'k',
      parseRegister(
        register(
          [
            ['Contact', '*'],
            ['Expires', '0'],
          ],
          6,
        ),
      ) as never,
      {},
      undefined,
      now,
    );
    expect(store.bindings('k', now)).toHaveLength(0);
  });

  it('explains malformed requests', () => {
    expect(
      parseRegister(
        register([
          ['Contact', '<sip:a@h>'],
          ['Expires', 'soon'],
        ]),
      ),
    ).toMatch(/Expires/);
    expect(parseRegister(register([['Contact', '*, <sip:a@h>']]))).toMatch(
      /malformed Contact|cannot be combined/,
    );
  });
});

describe('a registrar built from the stack, DigestServer and the store, against a SIPp UAC', () => {
  it('challenges, verifies the digest answer, stores the binding and lists it', async () => {
    const store = new MemoryRegistrationStore();
    const digest = new DigestServer({ realm: 'messagesend', algorithms: ['MD5'] });
    const stack = await testStack({
      onRequest: (request) => {
        const verdict = digest.verify(
          findHeader(request.headers, 'authorization'),
          { method: request.method, uri: request.uri, body: Buffer.alloc(0) },
          (user) => (user === 'alice' ? 'wonderland' : undefined),
        );
        if (!verdict.ok)
          return {
            status: 401,
            headers: digest
              .challenges(verdict.reason === 'stale')
              .map((value) => ({ name: 'WWW-Authenticate', value })),
          };
        const parsed = parseRegister(request);
        if (typeof parsed === 'string') return { status: 400, reason: parsed };
        return applyRegister(store, verdict.username, parsed, { maxExpires: 600 }, request);
      },
    });
    const udp = stack.address('udp')!;
    const result = await runSippUac({
      target: `${udp.host}:${udp.port}`,
      scenario: registerScenario({
        aor: `sip:alice@${udp.host}:${udp.port}`,
        contact: 'sip:alice@[local_ip]:[local_port]',
        expires: 300,
        credentials: { username: 'alice', password: 'wonderland' },
      }),
    });
    expect(result.exit.code, result.errors.join('\n')).toBe(0);
    const bindings = store.bindings('alice');
    expect(bindings).toHaveLength(1);
    expect(bindings[0]!.contact).toMatch(/^sip:alice@127\.0\.0\.1:\d+$/);
    expect(bindings[0]!.expiresAt - Date.now()).toBeGreaterThan(290_000);
    const ok = result.messages.filter((m) => m.direction === 'received').pop()!;
    expect(ok.firstLine).toBe('SIP/2.0 200 OK');
    expect(ok.headers.find(([name]) => name === 'Contact')?.[1]).toMatch(
      /^<sip:alice@127\.0\.0\.1:\d+>;expires=(300|299)$/,
    );
  });
});
