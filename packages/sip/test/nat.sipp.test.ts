import { createRouter } from '@messagesend/core';
import { freePort, pollUntil, registerScenario, runningPeers, startSippPhone } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const conf = (nat: string) => `[general]
bindaddr=127.0.0.1
bindport=0

[phone]
type=friend
host=dynamic
secret=s3cret
${nat}
`;

/**
 * One SIPp phone: it REGISTERs from its own port advertising a Contact on a port nobody listens
 * on, stays up, and answers an out-of-call MESSAGE until the send has its outcome. `via` edits
 * its Via.
 */
async function phoneRegisters(nat: string, via: (line: string) => string = (line) => line) {
  const tech = sip({ config: conf(nat), configFile: 'sip.conf' });
  const router = createRouter({ techs: [tech] });
  cleanups.push(() => router.close());
  await router.start();
  const [udp] = tech.addresses();
  const advertised = `sip:phone@127.0.0.1:${await freePort()}`;
  const phone = await startSippPhone({
    target: `${udp!.host}:${udp!.port}`,
    scenario: registerScenario({
      aor: `sip:phone@${udp!.host}:${udp!.port}`,
      contact: advertised,
      expires: 60,
      credentials: { username: 'phone', password: 's3cret' },
    }).replace(/^Via: .*$/gm, via),
  });
  cleanups.push(() => phone.stop());
  const stored = await pollUntil('the REGISTER to be stored', () => {
    const contacts = tech.registrations.bindings('phone').map((b) => b.contact);
    return contacts.length > 0 && contacts;
  });
  const result = await router.send(
    'sip:phone',
    { body: 'hello' },
    { waitForDelivery: true, timeoutMs: 1500 },
  );
  const done = await phone.stop();
  const reached = done.messages.some((m) => m.direction === 'received' && m.firstLine.startsWith('MESSAGE '));
  return { stored, result, reached, atSource: `sip:phone@127.0.0.1:${phone.port}`, advertised };
}

describe('sip (chan_sip) NAT: nat= on REGISTER (parse_register_contact)', () => {
  it('nat=force_rport: the peer is reached at the REGISTER source, not its unreachable Contact', async () => {
    const run = await phoneRegisters('nat=force_rport');
    expect(run.stored).toEqual([run.atSource]);
    expect(run.result).toMatchObject({ status: 'SUCCESS' });
    expect(run.reached).toBe(true);
  });

  it('default auto_force_rport: a Via address other than the source (NAT detected) uses the source', async () => {
    const run = await phoneRegisters('', (line) => line.replace('[local_ip]', '192.168.1.20'));
    expect(run.stored).toEqual([run.atSource]);
    expect(run.reached).toBe(true);
  });

  it('nat=no still uses the source when the Via asks for rport, as chan_sip', async () => {
    const run = await phoneRegisters('nat=no', (line) => line.replace(';branch', ';rport;branch'));
    expect(run.stored).toEqual([run.atSource]);
    expect(run.reached).toBe(true);
  });

  it('nat=no without rport, and the default without NAT, trust the Contact (the MESSAGE goes to the dead port)', async () => {
    for (const nat of ['nat=no', '']) {
      const run = await phoneRegisters(nat);
      expect(run.stored).toEqual([run.advertised]);
      expect(run.result).toMatchObject({ status: 'FAILURE' });
      expect(run.reached).toBe(false);
    }
  });
});
