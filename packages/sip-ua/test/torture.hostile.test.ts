import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IncomingRequest, SipInbound, type SipStack } from '../src/index.js';
import { TORTURE, type TortureExpect } from './fixtures/rfc4475.js';
import { rawTcp, rawUdp, statusLine } from './helpers/raw.js';
import { closeStacks, testStack } from './helpers/stack.js';

// RFC 4475 against a live stack: valid messages reach the handler and get its answer, invalid
// ones are refused with the RFC's status (or dropped when no response can be routed).
let stack: SipStack;
const seen: IncomingRequest[] = [];

beforeAll(async () => {
  stack = await testStack({
    limits: { idleTimeoutMs: 300 },
    onRequest: (request) => {
      seen.push(request);
      return { status: 200, reason: 'Torture OK' };
    },
  });
});
afterAll(closeStacks);

function expectedLine(expect: TortureExpect): string | undefined {
  if (expect === 'handler') return 'SIP/2.0 200 Torture OK';
  if (expect === 400) return 'SIP/2.0 400 Bad Request';
  if (expect === 505) return 'SIP/2.0 505 Version Not Supported';
  return undefined;
}

describe('RFC 4475 torture messages over UDP', () => {
  for (const message of TORTURE) {
    it(`${message.section} (${message.name}): ${message.udp}`, async () => {
      const before = { seen: seen.length, malformed: stack.stats().reasons[SipInbound.MalformedResponse] };
      const udp = await rawUdp();
      try {
        udp.send(message.bytes, stack.address('udp')!.port);
        const wanted = expectedLine(message.udp);
        const answer = await udp.next(wanted ? 2000 : 200);
        if (wanted) expect(statusLine(answer)?.startsWith(wanted)).toBe(true);
        else expect(answer).toBeUndefined();
        expect(seen.length - before.seen).toBe(message.udp === 'handler' ? (message.requests?.udp ?? 1) : 0);
        if (message.malformedResponse)
          expect(stack.stats().reasons[SipInbound.MalformedResponse]).toBe(before.malformed + 1);
      } finally {
        udp.close();
      }
    });
  }
});

describe('RFC 4475 torture messages over TCP', () => {
  for (const message of TORTURE) {
    it(`${message.section} (${message.name}): ${message.tcp}`, async () => {
      const before = seen.length;
      const tcp = await rawTcp(stack.address('tcp')!.port);
      try {
        tcp.send(message.bytes);
        const wanted = expectedLine(message.tcp);
        const count = message.tcp === 'handler' ? (message.requests?.tcp ?? 1) : 1;
        const answered = await tcp.until(
          (text) => text.split('SIP/2.0 ').length - 1 >= count && text.endsWith('\r\n\r\n'),
          wanted ? 2000 : 200,
        );
        if (wanted) {
          expect(answered).toBe(true);
          expect(statusLine(tcp.text())?.startsWith(wanted)).toBe(true);
        } else expect(tcp.text()).toBe('');
        expect(seen.length - before).toBe(message.tcp === 'handler' ? count : 0);
        // A stream that cannot be framed any further is closed: after the answer, or by the idle timeout.
        if (message.tcp !== 'handler' && message.tcp !== 'drop') {
          await Promise.race([tcp.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
          expect(tcp.isClosed()).toBe(true);
        }
      } finally {
        tcp.close();
      }
    });
  }

  it('the stack still answers afterwards, and every torture message is accounted for', async () => {
    const udp = await rawUdp();
    try {
      udp.send(TORTURE.find((m) => m.name === 'lwsdisp')!.bytes, stack.address('udp')!.port);
      expect(statusLine(await udp.next())).toBe('SIP/2.0 200 Torture OK');
    } finally {
      udp.close();
    }
    const { received, reasons } = stack.stats();
    expect(received).toBeGreaterThanOrEqual(TORTURE.length * 2);
    expect(reasons[SipInbound.Contained]).toBe(0);
  });
});
