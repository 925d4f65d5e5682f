import { createSocket } from 'node:dgram';
import { type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireTraceEvent } from '../src/index.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

// The stack's `trace` option (behind `messagesend --trace`): every message written and read, on
// UDP and TCP, with direction and remote address; arbitrary bytes are traced, not thrown.

const peers: SippPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  await closeStacks();
});

const accept = uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]);

describe('wire trace', () => {
  it.each(['udp', 'tcp'] as const)(
    '%s: the MESSAGE out and the 202 in, with the remote address',
    async (protocol) => {
      const peer = await startSippUas({ scenario: accept, transport: protocol });
      peers.push(peer);
      const events: WireTraceEvent[] = [];
      const stack = await testStack({
        transports: [{ protocol, host: '127.0.0.1', port: 0 }],
        trace: (event) => events.push(event),
      });
      const outcome = await stack.send(message(peer.uri('bob'))).outcome;
      expect(outcome).toMatchObject({ kind: 'response' });
      const out = events.find((e) => e.direction === 'out');
      const into = events.find((e) => e.direction === 'in');
      expect(out).toMatchObject({ protocol, address: '127.0.0.1', port: peer.port });
      expect(out?.bytes.toString()).toMatch(/^MESSAGE sip:bob@/);
      expect(into).toMatchObject({ protocol, address: '127.0.0.1', port: peer.port });
      expect(into?.bytes.toString()).toMatch(/^SIP\/2\.0 202 Accepted/);
    },
  );

  it('arbitrary bytes arriving are traced as they came, and the stack keeps running', async () => {
    const events: WireTraceEvent[] = [];
    const stack = await testStack({ trace: (event) => events.push(event) });
    const port = stack.address('udp')?.port ?? 0;
    const socket = createSocket('udp4');
    const junk = Buffer.from([0, 1, 2, 0xff, 0x1b, 0x5b, 0x32, 0x4a]);
    await new Promise<void>((done) => socket.send(junk, port, '127.0.0.1', () => done()));
    for (let i = 0; i < 50 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    socket.close();
    expect(events[0]).toMatchObject({ direction: 'in', protocol: 'udp' });
    expect(events[0]?.bytes.equals(junk)).toBe(true);
    expect(stack.closed).toBe(false);
  });
});
