// How many times each URI is parsed on the outbound path of `pjsip:bob` through an outbound proxy
// with From/To overrides (issue 12: each URI once), counted at core's parse functions as every
// package on the path calls them, and sent for real to a SIPp UAS standing in for the proxy.
import * as core from '@messagesend/core';
import { runningPeers, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pjsip } from '../src/index.js';

vi.mock('@messagesend/core', async (importOriginal) => {
  const original = await importOriginal<typeof import('@messagesend/core')>();
  return {
    ...original,
    parseSipUri: vi.fn(original.parseSipUri),
    parseNameAddr: vi.fn(original.parseNameAddr),
  };
});

afterAll(() => expect(runningPeers()).toEqual([]));

const CONTACT_HOST = '192.0.2.10'; // the Request-URI (TEST-NET-1: only ever reached through the proxy)
const FROM = 'sip:alice@from.example';
const TO = '"Carol" <sip:carol@to.example>';

/** Parse calls since the last read, by which URI they parsed. */
function parsesByUri(proxyPort: number): Record<string, number> {
  const counts: Record<string, number> = { requestUri: 0, proxy: 0, from: 0, to: 0, other: 0 };
  const calls = [...vi.mocked(core.parseSipUri).mock.calls, ...vi.mocked(core.parseNameAddr).mock.calls].map(
    ([text]) => String(text),
  );
  for (const text of calls) {
    if (text.includes(CONTACT_HOST)) counts.requestUri!++;
    else if (text.includes(`:${proxyPort}`)) counts.proxy!++;
    else if (text.includes('from.example')) counts.from!++;
    else if (text.includes('to.example')) counts.to!++;
    else counts.other!++;
  }
  vi.mocked(core.parseSipUri).mockClear();
  vi.mocked(core.parseNameAddr).mockClear();
  return counts;
}

describe('pjsip: URI parses on the outbound path', () => {
  it('pjsip:bob through an outbound proxy with From/To overrides parses each URI at most once per send', async () => {
    const proxy = await startSippUas({
      scenario: uasScenario(
        Array.from({ length: 2 }, () => ({ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] })),
      ),
    });
    const tech = pjsip({
      config: `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[bob]
type=endpoint
aors=bob
outbound_proxy=sip:${proxy.host}:${proxy.port}

[bob]
type=aor
contact=sip:bob@${CONTACT_HOST}:5060
`,
    });
    const router = core.createRouter({ techs: [tech] });
    try {
      await router.start();
      parsesByUri(proxy.port);
      const sendOnce = async () => {
        const result = await router.send('pjsip:bob', { body: 'hi' }, { from: FROM, to: TO });
        expect(result.status).toBe('SUCCESS');
        expect(await result.delivery).toMatchObject({ outcome: 'delivered' });
      };
      await sendOnce();
      // The first send parses the static contact and the proxy (each once, then remembered).
      expect(parsesByUri(proxy.port)).toEqual({ requestUri: 1, proxy: 1, from: 1, to: 1, other: 0 });
      await sendOnce();
      expect(parsesByUri(proxy.port)).toEqual({ requestUri: 0, proxy: 0, from: 1, to: 1, other: 0 });
      const [first] = proxy.requests();
      expect(first?.firstLine).toBe(`MESSAGE sip:bob@${CONTACT_HOST}:5060 SIP/2.0`);
    } finally {
      await router.close();
      await proxy.stop();
    }
  });
});
