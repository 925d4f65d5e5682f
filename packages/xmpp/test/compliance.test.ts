import { techComplianceSuite } from '@messagesend/core/testing';
import { runningPeers, startProsody } from '@messagesend/test-peers';
import { afterAll, describe, it } from 'vitest';
import { xmpp } from '../src/index.js';
import { conf, USERS } from './helpers.js';

const server = await startProsody({ users: USERS });
afterAll(async () => {
  await server.stop();
  if (runningPeers().length > 0) throw new Error(`peers left running: ${JSON.stringify(runningPeers())}`);
});

techComplianceSuite(
  { describe, it },
  {
    create: () => xmpp({ config: conf(server), connectTimeoutMs: 8_000 }),
    valid: ['xmpp:bob@localhost', 'xmpp:bob@localhost/phone', 'xmpp:localhost', 'XMPP:juliet@example.com'],
    invalid: ['xmpp:', 'xmpp:@localhost', 'xmpp:a b@localhost', 'xmpp:bob@localhost/'],
    deliverable: {
      destination: 'xmpp:bob@localhost',
      message: { body: 'compliance' },
      options: { from: 'xmpp:alice' },
    },
    undeliverable: {
      destination: 'xmpp:bob@localhost',
      message: { body: 'compliance' },
      options: { from: 'xmpp:nobody' },
    },
    testTimeoutMs: 30_000,
  },
);
