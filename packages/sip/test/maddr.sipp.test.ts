import { createRouter } from '@messagesend/core';
import { acceptingMessages, runningPeers, startSippUas } from '@messagesend/test-peers';
import { afterAll, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

afterAll(() => expect(runningPeers()).toEqual([]));

// chan_sip's sip_msg_send takes only the To URI's host (parse_uri, then create_addr(to_host)):
// a maddr parameter is not used to route an out-of-dialog MESSAGE, unlike pjsip.
describe('sip (chan_sip): maddr in a URI destination is not where the MESSAGE goes', () => {
  it('sip:bob@<SIPp>;maddr=127.0.0.2 reaches SIPp at the host (nothing listens at the maddr)', async () => {
    const peer = await startSippUas({ scenario: acceptingMessages(1) });
    const router = createRouter({
      techs: [sip({ config: '[general]\nbindaddr=127.0.0.1\nbindport=0\n', configFile: 'sip.conf' })],
    });
    try {
      const result = await router.send(
        `sip:bob@127.0.0.1:${peer.port};maddr=127.0.0.2`,
        { body: 'to the host' },
        { waitForDelivery: true, timeoutMs: 5_000 },
      );
      expect(result.status, result.detail).toBe('SUCCESS');
      const [request] = await peer.waitForRequests(1);
      expect(request!.body.trim()).toBe('to the host');
    } finally {
      await router.close();
      await peer.stop();
    }
  });
});
