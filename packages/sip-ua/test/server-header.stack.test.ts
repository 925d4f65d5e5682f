import { afterEach, describe, expect, it } from 'vitest';
import type { SipStack, SipStackOptions } from '../src/index.js';
import { answerOtherMethods } from '../src/tech-kit/index.js';
import { rawRequest, rawTcp, rawUdp, statusLine } from './helpers/raw.js';
import { closeStacks, testStack } from './helpers/stack.js';

// Asterisk puts its Server header (pjsip [global] user_agent, chan_sip useragent) on every
// response; the answers the stack gives before any handler runs must carry it too.

afterEach(closeStacks);

const SERVER = 'Example PBX 1.0';
const serverOf = (response: string | undefined) => /^Server: (.*)\r$/m.exec(response ?? '')?.[1];

async function udpAnswer(stack: SipStack, request: string): Promise<string | undefined> {
  const udp = await rawUdp();
  try {
    udp.send(request, stack.address('udp')!.port);
    return await udp.next(2000);
  } finally {
    udp.close();
  }
}

function stackWith(serverHeader: string | undefined, extra: SipStackOptions = {}) {
  return testStack({
    onRequest: (request) => answerOtherMethods(request) ?? { status: 202 },
    limits: { maxMessageBytes: 2000 },
    ...(serverHeader ? { serverHeader } : {}),
    ...extra,
  });
}

describe('sip-ua stack: the Server header on its own answers', () => {
  it('400 (a control character in From), 413 over UDP and over TCP carry it; none when unset', async () => {
    for (const server of [SERVER, undefined]) {
      const stack = await stackWith(server);
      const bad = await udpAnswer(stack, rawRequest({ headers: { From: '<sip:a@127.0.0.1>;tag=a\u0001b' } }));
      const large = await udpAnswer(stack, rawRequest({ method: 'MESSAGE', body: 'x'.repeat(3000) }));
      const tcp = await rawTcp(stack.address('tcp')!.port);
      tcp.send(rawRequest({ method: 'MESSAGE', transport: 'TCP', body: 'x'.repeat(3000) }));
      await tcp.until((text) => text.includes('\r\n\r\n'));
      tcp.close();
      const statuses = [bad, large, tcp.text()].map((r) => statusLine(r)?.split(' ')[1]);
      expect(statuses).toEqual(['400', '413', '413']);
      for (const response of [bad, large, tcp.text()]) expect(serverOf(response)).toBe(server);
    }
  });

  it('500 for a handler that throws and 503 when too many requests are in progress carry it', async () => {
    const failing = await stackWith(SERVER, {
      onRequest: () => {
        throw new Error('handler failed');
      },
    });
    const failed = await udpAnswer(failing, rawRequest());
    expect(statusLine(failed)).toBe('SIP/2.0 500 Server Internal Error');
    expect(serverOf(failed)).toBe(SERVER);

    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const busy = await stackWith(SERVER, {
      onRequest: async () => {
        await held;
        return { status: 200 };
      },
      limits: { maxPendingRequests: 1 },
    });
    const udp = await rawUdp();
    try {
      udp.send(rawRequest(), busy.address('udp')!.port);
      udp.send(rawRequest(), busy.address('udp')!.port);
      const refused = await udp.next(2000);
      expect(statusLine(refused)).toMatch(/^SIP\/2\.0 503 /);
      expect(serverOf(refused)).toBe(SERVER);
      release();
      const answered = await udp.next(2000);
      expect(statusLine(answered)).toBe('SIP/2.0 200 OK');
      expect(serverOf(answered)).toBe(SERVER);
    } finally {
      udp.close();
    }
  });
});
