import { createRouter } from '@messagesend/core';
import { freePort, pollUntil, registerScenario, runningPeers, startSippPhone } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const conf = (rewrite: string) => `
[global]
type=global
endpoint_identifier_order=username,ip

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[alice]
type=endpoint
aors=alice
auth=alice-auth
${rewrite}

[alice]
type=aor
max_contacts=1
remove_existing=yes

[alice-auth]
type=auth
auth_type=userpass
username=alice
password=wonderland
`;

/**
 * One SIPp phone: it REGISTERs from its own port advertising a Contact on a port nobody listens
 * on (the private address a NATed phone would advertise), stays up, and answers a MESSAGE
 * arriving outside its call; it is stopped once the send has its outcome.
 */
async function natPhoneRegisters(
  rewrite: string,
  send: (router: ReturnType<typeof createRouter>) => Promise<unknown>,
) {
  const tech = pjsip({ config: conf(rewrite) });
  const router = createRouter({ techs: [tech] });
  cleanups.push(() => router.close());
  await router.start();
  const [udp] = tech.addresses();
  const deadPort = await freePort();
  const advertised = `sip:alice@127.0.0.1:${deadPort}`;
  const phone = await startSippPhone({
    target: `${udp!.host}:${udp!.port}`,
    scenario: registerScenario({
      aor: `sip:alice@${udp!.host}:${udp!.port}`,
      contact: advertised,
      expires: 60,
      credentials: { username: 'alice', password: 'wonderland' },
    }),
  });
  cleanups.push(() => phone.stop());
  const stored = await pollUntil('the REGISTER to be stored', () => {
    const contacts = tech.registrations.bindings('alice').map((b) => b.contact);
    return contacts.length > 0 && contacts;
  });
  const result = await send(router);
  return { stored, result, phone: await phone.stop(), phonePort: phone.port, deadPort, advertised };
}

describe('pjsip NAT: rewrite_contact (res_pjsip_nat.c)', () => {
  it('rewrite_contact=yes: the registered contact is the REGISTER source, so the MESSAGE reaches the phone; the 200 shows the Contact as sent', async () => {
    const run = await natPhoneRegisters('rewrite_contact=yes', (router) =>
      router.send('pjsip:alice', { body: 'behind NAT' }, { waitForDelivery: true }),
    );
    expect(run.stored).toEqual([`sip:alice@127.0.0.1:${run.phonePort}`]);
    expect(run.result).toMatchObject({ status: 'SUCCESS' });
    const received = run.phone.messages.filter((m) => m.direction === 'received');
    const message = received.find((m) => m.firstLine.startsWith('MESSAGE '));
    expect(message?.firstLine).toBe(`MESSAGE sip:alice@127.0.0.1:${run.phonePort} SIP/2.0`);
    const ok = received.find((m) => m.firstLine.startsWith('SIP/2.0 200'));
    expect(ok?.raw).toContain(`Contact: <${run.advertised}>`);
    // SIPp notes each out-of-call request in its error file; anything else is a failure.
    expect(run.phone.errors.filter((e) => !/Received out-of-call MESSAGE/.test(e))).toEqual([]);
  });

  it('without rewrite_contact (Asterisk default no) the advertised contact is used and the MESSAGE times out at the dead port', async () => {
    const run = await natPhoneRegisters('', (router) =>
      router.send('pjsip:alice', { body: 'lost' }, { waitForDelivery: true, timeoutMs: 1500 }),
    );
    expect(run.stored).toEqual([run.advertised]);
    expect(run.result).toMatchObject({ status: 'FAILURE' });
    expect(run.phone.messages.some((m) => m.firstLine.startsWith('MESSAGE '))).toBe(false);
  });
});
