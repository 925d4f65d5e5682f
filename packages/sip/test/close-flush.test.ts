import { createRouter } from '@messagesend/core';
import { runningPeers, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

afterAll(() => expect(runningPeers()).toEqual([]));

describe('sip: close() right after send()', () => {
  it('the MESSAGE still reaches SIPp and the report is its 202', async () => {
    const peer = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
    });
    try {
      const router = createRouter({
        techs: [sip({ config: '[general]\nbindaddr=127.0.0.1\nbindport=0\n' })],
      });
      const result = await router.send(`sip:user@127.0.0.1:${peer.port}`, { body: 'before close' });
      await router.close();
      expect(result.status).toBe('SUCCESS');
      expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 202 });
      expect((await peer.waitForRequests(1))[0]!.body).toBe('before close');
    } finally {
      await peer.stop();
    }
  });
});
