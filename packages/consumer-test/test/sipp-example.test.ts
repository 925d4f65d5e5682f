import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';
import { runningPeers, startSippUas } from '@messagesend/test-peers';
import { afterAll, expect, it } from 'vitest';

// examples/sipp/message-uas.xml, shipped for users to run as a phone, answers a MESSAGE with 202.
const SCENARIO = readFileSync(
  fileURLToPath(new URL('../../../examples/sipp/message-uas.xml', import.meta.url)),
  'utf8',
);

afterAll(() => {
  expect(runningPeers()).toEqual([]);
});

it('the shipped SIPp MESSAGE UAS answers 202 and receives the body', async () => {
  const phone = await startSippUas({ scenario: SCENARIO });
  const router = createRouter({
    techs: [
      pjsip({
        config: `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[phone]\ntype=endpoint\naors=phone\n\n[phone]\ntype=aor\ncontact=${phone.uri('phone')}\n`,
      }),
    ],
  });
  try {
    const result = await router.send(
      'pjsip:phone',
      { body: 'to the example UAS' },
      { waitForDelivery: true },
    );
    expect(result.status).toBe('SUCCESS');
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 202 });
    expect((await phone.waitForRequests(1)).at(-1)?.body).toBe('to the example UAS');
  } finally {
    await router.close();
    await phone.stop();
  }
});
