import { techComplianceSuite } from '@messagesend/core/testing';
import { runningPeers, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, describe, it } from 'vitest';
import { sip } from '../src/index.js';

const peer = await startSippUas({
  scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
});
const refusing = await startSippUas({
  scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 403, reason: 'Forbidden' }] }]),
});
afterAll(async () => {
  await Promise.all([peer.stop(), refusing.stop()]);
  if (runningPeers().length > 0) throw new Error(`peers left running: ${JSON.stringify(runningPeers())}`);
});

techComplianceSuite(
  { describe, it },
  {
    create: () =>
      sip({
        config: `[general]\nbindaddr=127.0.0.1\nbindport=0\n[bob]\ntype=peer\nhost=127.0.0.1\nport=${peer.port}\n`,
      }),
    valid: [
      'sip:bob',
      'sip:alice@example.com',
      'sip:<sip:alice@example.com:5070>',
      'SIP:alice@[2001:db8::1]',
    ],
    invalid: ['sip:alice@', 'sip:', 'sip:<sip:alice@h', 'sip:a@b@c d'],
    deliverable: { destination: 'sip:bob', message: { body: 'compliance' } },
    undeliverable: { destination: `sip:nobody@127.0.0.1:${refusing.port}`, message: { body: 'compliance' } },
    // Sent to the refusing SIPp, which answers at once (a silent port would wait out the 5 s bound).
    secret: { destination: `sip:carol:hunter2@127.0.0.1:${refusing.port}`, secret: 'hunter2' },
  },
);
