import { techComplianceSuite } from '@messagesend/core/testing';
import { runningPeers, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, describe, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { contactsConf } from './helpers.js';

const peer = await startSippUas({
  scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
});
const refusing = await startSippUas({
  scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 404, reason: 'Not Found' }] }]),
});
afterAll(async () => {
  await Promise.all([peer.stop(), refusing.stop()]);
  if (runningPeers().length > 0) throw new Error(`peers left running: ${JSON.stringify(runningPeers())}`);
});

const config = contactsConf({
  bob: `sip:bob@127.0.0.1:${peer.port}`,
  nobody: `sip:nobody@127.0.0.1:${refusing.port}`,
});

techComplianceSuite(
  { describe, it },
  {
    create: () => pjsip({ config }),
    valid: [
      'pjsip:bob',
      'pjsip:bob/sip:carol@127.0.0.1',
      'pjsip:sip:carol@127.0.0.1',
      'pjsip:PJSIP/100@bob',
      'pjsip:"C" <sip:c@h>',
    ],
    invalid: ['pjsip:', 'pjsip:sip:bob@', 'pjsip:PJSIP/nouser', 'pjsip:bob/'],
    deliverable: { destination: 'pjsip:bob', message: { body: 'compliance' } },
    undeliverable: { destination: 'pjsip:nobody', message: { body: 'compliance' } },
    // Sent to the refusing SIPp, which answers at once (a silent port would wait out the 5 s bound).
    secret: { destination: `pjsip:sip:carol:hunter2@127.0.0.1:${refusing.port}`, secret: 'hunter2' },
  },
);
