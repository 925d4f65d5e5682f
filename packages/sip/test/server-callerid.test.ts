import { createRouter } from '@messagesend/core';
import { inboundMessageBytes, message, startListener, udpAnswer } from '@messagesend/sip-ua/testing';
import { rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const fromOf = async (general: string) => {
  const router = createRouter({ techs: [sip({ config: `[general]\nbindaddr=127.0.0.1\n${general}\n` })] });
  const result = await router.send('sip:bob@127.0.0.1:5062', { body: 'hi' }, { dryRun: true });
  return result.preview
    ?.split('\r\n')
    .find((l) => l.startsWith('From:'))
    ?.replace(/;tag=.*$/, '');
};

describe('sip: [general] callerid and useragent', () => {
  it('callerid="asterisk" <asterisk> gives name and number, not the raw text percent-encoded', async () => {
    expect(await fromOf('callerid="asterisk" <asterisk>')).toBe('From: "asterisk" <sip:asterisk@127.0.0.1>');
    expect(await fromOf('callerid="Main Office" <4000>')).toBe('From: "Main Office" <sip:4000@127.0.0.1>');
    expect(await fromOf('callerid=pbx')).toBe('From: "pbx" <sip:pbx@127.0.0.1>');
    expect(await fromOf('')).toBe('From: "asterisk" <sip:asterisk@127.0.0.1>');
  });

  it('useragent= is the Server header of responses (a refused MESSAGE, OPTIONS, 405); none when unset', async () => {
    for (const [general, server] of [
      ['useragent=Example PBX 1.0', 'Example PBX 1.0'],
      ['', undefined],
    ] as const) {
      const live = await startListener(
        sip({ config: `[general]\nbindaddr=127.0.0.1\nbindport=0\n${general}\n`, configFile: 'sip.conf' }),
      );
      cleanups.push(() => live.close());
      const client = await rawSipClient('127.0.0.1');
      cleanups.push(() => client.close());
      const target = { host: live.udp.host, port: live.udp.port };
      const accepted = await client.send(target, message(target, 'someone', 'hello'));
      const options = await client.send(target, { ...message(target, 'someone', ''), method: 'OPTIONS' });
      const refused = await client.send(target, { ...message(target, 'someone', 'x'), method: 'INVITE' });
      // No peer matches the sender: chan_sip refuses the MESSAGE 403.
      expect([accepted.status, options.status, refused.status]).toEqual([403, 200, 405]);
      for (const response of [accepted, options, refused]) expect(response.header('Server')).toBe(server);
    }
  });

  it("useragent= is on the stack's own answers too: 400 for a control character in From, 413 over the size limit", async () => {
    const live = await startListener(
      sip({
        config: '[general]\nbindaddr=127.0.0.1\nbindport=0\nuseragent=Example PBX 1.0\n',
        limits: { maxMessageBytes: 2000 },
      }),
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
