import { createRouter } from '@messagesend/core';
import { headerValue, runningPeers, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { wire } from './helpers.js';

afterAll(() => expect(runningPeers()).toEqual([]));

// Issue 14's rules on the wire: what the dry run shows is what a real UAS receives.
describe('pjsip against SIPp: URI headers, user_eq_phone and a 0.0.0.0 transport', () => {
  it('sends the ?headers as headers, user=phone first, and the From host the dry run showed', async () => {
    const peer = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
    });
    const router = createRouter({
      techs: [
        pjsip({
          config: `
[udp]
type=transport
protocol=udp
bind=0.0.0.0:0

[trunk]
type=endpoint
user_eq_phone=yes
`,
        }),
      ],
    });
    try {
      const destination = `pjsip:trunk/sip:+1555*9@127.0.0.1:${peer.port};user=ip?Subject=hi%20there&X-Ref=42`;
      const preview = wire((await router.send(destination, { body: 'x' }, { dryRun: true })).preview);
      const sent = await router.send(destination, { body: 'x' }, { waitForDelivery: true });
      expect(sent.status, sent.detail).toBe('SUCCESS');
      expect(await sent.delivery).toMatchObject({ outcome: 'delivered', code: 202 });
      const [request] = await peer.waitForRequests(1);
      expect(request!.firstLine).toBe(`MESSAGE sip:+1555*9@127.0.0.1:${peer.port};user=phone SIP/2.0`);
      expect(request!.firstLine).toBe(preview.requestLine);
      expect(headerValue(request!, 'Subject')).toBe('hi there');
      expect(headerValue(request!, 'X-Ref')).toBe('42');
      expect(headerValue(request!, 'To')).toBe('<sip:+1555*9@127.0.0.1;user=ip>');
      const from = headerValue(request!, 'From')!;
      expect(from).not.toContain('0.0.0.0');
      expect(from.split(';tag=')[0]).toBe(preview.header('From')?.split(';tag=')[0]);
      expect((await peer.stop()).errors).toEqual([]);
    } finally {
      await router.close();
      await peer.stop();
    }
  });
});
