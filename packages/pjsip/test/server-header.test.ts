import { inboundMessageBytes, message, startListener, udpAnswer } from '@messagesend/sip-ua/testing';
import { rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const conf = (global: string) => `
[global]
type=global
${global}

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0
`;

describe('pjsip: [global] user_agent is the Server header of responses', () => {
  it('set: on OPTIONS, a refused MESSAGE and a 405; unset: no Server header', async () => {
    for (const [global, server] of [
      ['user_agent=Example PBX 1.0', 'Example PBX 1.0'],
      ['', undefined],
    ] as const) {
      const live = await startListener(pjsip({ config: conf(global) }));
      cleanups.push(() => live.close());
      const client = await rawSipClient('127.0.0.1');
      cleanups.push(() => client.close());
      const target = { host: live.udp.host, port: live.udp.port };
      const refused = await client.send(target, message(target, 'nobody', 'hello'));
      const options = await client.send(target, { ...message(target, 'nobody', ''), method: 'OPTIONS' });
      const notAllowed = await client.send(target, { ...message(target, 'nobody', ''), method: 'INVITE' });
      expect([refused.status, options.status, notAllowed.status]).toEqual([403, 200, 405]);
      for (const response of [refused, options, notAllowed]) expect(response.header('Server')).toBe(server);
    }
  });

  it("the stack's own answers carry it too: 400 for a control character in From, 413 over the size limit", async () => {
    const live = await startListener(
      pjsip({ config: conf('user_agent=Example PBX 1.0'), limits: { maxMessageBytes: 2000 } }),
    );
    cleanups.push(() => live.close());
    const bad = await udpAnswer(
      live.udp.port,
      inboundMessageBytes('srv', { From: '<sip:a@127.0.0.1>;tag=a\u0001b' }),
    );
    const large = await udpAnswer(live.udp.port, inboundMessageBytes('srv', {}, 'x'.repeat(3000)));
    expect([bad, large].map((a) => a?.split(' ', 2)[1])).toEqual(['400', '413']);
    for (const answer of [bad, large]) expect(answer).toMatch(/\r\nServer: Example PBX 1\.0\r\n/);
  });
});
