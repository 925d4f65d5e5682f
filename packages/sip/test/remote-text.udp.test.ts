import { createRouter } from '@messagesend/core';
import { type RawUdpPeer, startRawUdpPeer } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

const HOSTILE = 'Not\u001b[31m Found\u0007 \u00c2\u009b2J \u202eevil';
let peer: RawUdpPeer;
beforeAll(async () => {
  peer = await startRawUdpPeer({ status: 404, reason: HOSTILE });
});
afterAll(() => peer.close());

describe("a peer's reason phrase reaches the delivery report made safe", () => {
  it('ESC, BEL, C1 CSI and a bidi override never reach detail', async () => {
    const router = createRouter({ techs: [sip({ config: '[general]\nbindaddr=127.0.0.1\nbindport=0\n' })] });
    try {
      const result = await router.send(
        `sip:bob@127.0.0.1:${peer.port}`,
        { body: 'hi' },
        { timeoutMs: 5_000 },
      );
      expect(result.status, result.detail).toBe('SUCCESS');
      const report = await result.delivery;
      expect(report).toMatchObject({ outcome: 'rejected', code: 404 });
      expect(report.detail).toBe('404 Not\ufffd[31m Found\ufffd \u00c2\ufffd2J \ufffdevil');
      expect(peer.requests).toHaveLength(1);
    } finally {
      await router.close();
    }
  });
});
