import { createRouter } from '@messagesend/core';
import { startListener } from '@messagesend/sip-ua/testing';
import { type RawSipClient, rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { wire } from './helpers.js';

// [global] ignore_uri_user_options=yes cuts a URI user at its first `;` (a phone's `;npdi`,
// `;rn=...`) where Asterisk looks an endpoint or AOR up by user: the From user of
// res_pjsip_endpoint_identifier_user, the To user of res_pjsip_registrar's find_registrar_aor,
// and the user of a `user@domain` MessageSend destination (res_pjsip_messaging).

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const conf = (ignore: boolean, identifyBy: 'username' | 'ip', aorExtra = '') => `
[global]
type=global
endpoint_identifier_order=${identifyBy}
default_outbound_endpoint=default
${ignore ? 'ignore_uri_user_options=yes' : ''}

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[default]
type=endpoint

[alice]
type=endpoint
context=from-alice
aors=alice

[alice]
type=aor
max_contacts=1
${aorExtra}

[alice-by-ip]
type=identify
endpoint=alice
match=127.0.0.1
`;

async function started(ignore: boolean, identifyBy: 'username' | 'ip') {
  const live = await startListener(pjsip({ config: conf(ignore, identifyBy) }));
  cleanups.push(() => live.close());
  return { tech: live.tech, received: live.received, target: live.udp };
}

async function client(): Promise<RawSipClient> {
  const raw = await rawSipClient();
  cleanups.push(() => raw.close());
  return raw;
}

describe('pjsip [global] ignore_uri_user_options', () => {
  it.each([
    [true, 202],
    [false, 403],
  ])(
    'inbound MESSAGE from sip:alice;npdi@...: identified by username as alice only when set (%s -> %i)',
    async (ignore, status) => {
      const { received, target } = await started(ignore, 'username');
      const raw = await client();
      const response = await raw.send(target, {
        method: 'MESSAGE',
        uri: `sip:gateway@${target.host}:${target.port}`,
        from: '<sip:alice;npdi@127.0.0.1>',
        to: `<sip:gateway@${target.host}>`,
        headers: ['Content-Type: text/plain'],
        body: 'hello',
      });
      expect(response.status).toBe(status);
      expect(received.map((message) => message.endpoint)).toEqual(ignore ? ['alice'] : []);
    },
  );

  it.each([
    [true, ['alice']],
    [false, []],
  ])('REGISTER with To sip:alice;npdi@...: bound to AOR alice only when set (%s)', async (ignore, bound) => {
    const { tech, target } = await started(ignore, 'ip');
    const raw = await client();
    const response = await raw.send(target, {
      method: 'REGISTER',
      uri: `sip:${target.host}:${target.port}`,
      from: '<sip:alice;npdi@127.0.0.1>',
      to: '<sip:alice;npdi@127.0.0.1>',
      headers: [`Contact: <sip:alice@127.0.0.1:${raw.port}>`, 'Expires: 60'],
    });
    expect([response.status, response.reason]).toEqual(ignore ? [200, 'OK'] : [404, 'AOR Not Found']);
    expect(tech.registrations.bindings('alice').length > 0 ? ['alice'] : []).toEqual(bound);
  });

  it('destination alice;npdi@example.com is endpoint alice when set, else a user@host URI', async () => {
    const dry = async (ignore: boolean) => {
      const tech = pjsip({ config: conf(ignore, 'username', 'contact=sip:alice@127.0.0.3:5099') });
      const router = createRouter({ techs: [tech] });
      cleanups.push(() => router.close());
      const result = await router.send('pjsip:alice;npdi@example.com', { body: 'x' }, { dryRun: true });
      return wire(result.preview).requestLine;
    };
    expect(await dry(true)).toBe('MESSAGE sip:alice@127.0.0.3:5099 SIP/2.0');
    expect(await dry(false)).toBe('MESSAGE sip:alice;npdi@example.com SIP/2.0');
  });
});
