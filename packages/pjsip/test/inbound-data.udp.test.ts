import { inboundMessageBytes, startListener, udpExchange } from '@messagesend/sip-ua/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

// The data of a MESSAGE received over real UDP, as res_pjsip_messaging's rx_data_to_ast_msg
// fills the message variables: headers under pjsip's parsed names, PJSIP_ENDPOINT from callerid.
const conf = (callerid: string) => `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[bob]
type=endpoint
aors=bob
${callerid ? `callerid=${callerid}` : ''}

[bob]
type=aor
contact=sip:bob@127.0.0.1:9
`;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function receive(callerid: string, headers: Record<string, string | undefined> = {}) {
  const live = await startListener(pjsip({ config: conf(callerid) }));
  cleanups.push(() => live.close());
  const status = await udpExchange(live.udp.port, inboundMessageBytes('pjdata', headers));
  expect(status).toBe('SIP/2.0 202 Accepted');
  expect(live.received).toHaveLength(1);
  return live.received[0]!;
}

describe('pjsip inbound data over UDP', () => {
  it('compact header names are stored under the full names pjsip parses them as, values as received', async () => {
    const message = await receive('', {
      Via: undefined,
      From: undefined,
      To: undefined,
      'Call-ID': undefined,
      'Content-Type': undefined,
      v: 'SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKcompact1',
      f: '<sip:bob@127.0.0.1>;tag=c1',
      t: '<sip:alice@127.0.0.1>',
      i: 'compact-call-1',
      c: 'text/plain',
      k: '100rel',
      m: '<sip:bob@127.0.0.1:9>',
      s: 'Greetings',
      'max-forwards': '69',
    });
    expect(message.body).toBe('hi');
    const data = message.data ?? {};
    expect(data).toMatchObject({
      Via: 'SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKcompact1',
      From: '<sip:bob@127.0.0.1>;tag=c1',
      To: '<sip:alice@127.0.0.1>',
      'Call-ID': 'compact-call-1',
      'Content-Type': 'text/plain',
      Supported: '100rel',
      Contact: '<sip:bob@127.0.0.1:9>',
      'Max-Forwards': '69',
    });
    for (const compact of ['v', 'f', 't', 'i', 'c', 'k', 'm', 'max-forwards'])
      expect(data, compact).not.toHaveProperty(compact);
    // pjsip has no Subject parser: a generic header keeps the name it arrived with.
    expect(data.s).toBe('Greetings');
    expect(message.from).toBe('<sip:bob@127.0.0.1>');
  });

  it.each([
    ['Alice', 'Alice'],
    ['"Alice" <100>', 'Alice'],
  ])('callerid=%s sets PJSIP_ENDPOINT to %s', async (callerid, name) => {
    const message = await receive(callerid);
    expect(message.data?.PJSIP_ENDPOINT).toBe(name);
  });

  it('callerid=100 (a number only) and no callerid leave PJSIP_ENDPOINT unset', async () => {
    expect((await receive('100')).data).not.toHaveProperty('PJSIP_ENDPOINT');
    expect((await receive('')).data).not.toHaveProperty('PJSIP_ENDPOINT');
  });
});
