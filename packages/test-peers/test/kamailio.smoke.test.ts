import { afterAll, describe, expect, it } from 'vitest';
import {
  runningPeers,
  runSippUac,
  startKamailio,
  startSippUas,
  uacScenario,
  uasScenario,
} from '../src/index.js';

afterAll(() => {
  expect(runningPeers()).toEqual([]);
});

describe('Kamailio harness', () => {
  it('registers a SIPp contact, relays a MESSAGE to it, and answers 404 for an unknown user', async () => {
    const kamailio = await startKamailio();
    const bob = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
    });
    try {
      const aor = `sip:bob@${kamailio.host}:${kamailio.port}`;
      const register = await runSippUac({
        target: `${kamailio.host}:${kamailio.port}`,
        scenario: uacScenario([
          {
            method: 'REGISTER',
            requestUri: 'sip:[remote_ip]:[remote_port]',
            from: `<${aor}>`,
            to: `<${aor}>`,
            headers: [`Contact: <${bob.uri('bob')}>`, 'Expires: 60'],
            expect: 200,
          },
        ]),
      });
      expect(register.exit.code, `${register.errors.join('\n')}\n${kamailio.output()}`).toBe(0);

      const relayed = await runSippUac({
        target: `${kamailio.host}:${kamailio.port}`,
        service: 'bob',
        scenario: uacScenario([
          { method: 'MESSAGE', body: 'via kamailio', headers: ['Content-Type: text/plain'], expect: 202 },
        ]),
      });
      expect(relayed.exit.code, `${relayed.errors.join('\n')}\n${kamailio.output()}`).toBe(0);
      const [request] = await bob.waitForRequests(1);
      expect(request?.firstLine).toBe(`MESSAGE ${bob.uri('bob')} SIP/2.0`);
      expect(request?.body).toBe('via kamailio');

      const unknown = await runSippUac({
        target: `${kamailio.host}:${kamailio.port}`,
        service: 'carol',
        scenario: uacScenario([{ method: 'MESSAGE', body: 'nobody home', expect: 404 }]),
      });
      expect(unknown.exit.code, unknown.errors.join('\n')).toBe(0);
    } finally {
      await bob.stop();
      await kamailio.stop();
    }
  });
});
