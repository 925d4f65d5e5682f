import { createSocket, type Socket } from 'node:dgram';
import { inboundMessageBytes, startListener } from '@messagesend/sip-ua/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

// force_rport (res_pjsip_nat.c, default yes) answers the source port; with no, pjsip's own RFC 3261
// §18.2.2 rule applies: the source address and the Via's sent-by port, unless the Via has rport.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const conf = `
[global]
type=global
endpoint_identifier_order=username

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[alice]
type=endpoint
force_rport=no

[bob]
type=endpoint
`;

async function socket(): Promise<{
  socket: Socket;
  port: number;
  next(ms: number): Promise<string | undefined>;
}> {
  const s = createSocket('udp4');
  const inbox: string[] = [];
  s.on('message', (bytes) => inbox.push(bytes.toString('utf8')));
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => s.close());
  return {
    socket: s,
    port: s.address().port,
    async next(ms) {
      const end = Date.now() + ms;
      while (inbox.length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
      return inbox.shift();
    },
  };
}

/** Sends a MESSAGE from `user` out of `from`'s port with Via sent-by `viaPort`; where did the answer go? */
async function answeredAt(user: string, rport: boolean) {
  const live = await startListener(pjsip({ config: conf }));
  cleanups.push(() => live.close());
  const from = await socket();
  const viaPort = await socket();
  const via = `SIP/2.0/UDP 127.0.0.1:${viaPort.port};branch=z9hG4bKrport${user}${Date.now()}${rport ? ';rport' : ''}`;
  const bytes = inboundMessageBytes(`rport${user}`, { Via: via, From: `<sip:${user}@127.0.0.1>;tag=r1` });
  from.socket.send(bytes, live.udp.port, '127.0.0.1');
  const [atSource, atSentBy] = await Promise.all([from.next(1000), viaPort.next(1000)]);
  return {
    atSource: atSource?.split('\r\n')[0],
    atSentBy: atSentBy?.split('\r\n')[0],
    received: live.received,
  };
}

describe('pjsip force_rport', () => {
  it('no: the 202 goes to the Via sent-by port, not the source port', async () => {
    const run = await answeredAt('alice', false);
    expect(run).toMatchObject({ atSource: undefined, atSentBy: 'SIP/2.0 202 Accepted' });
    expect(run.received.map((m) => m.endpoint)).toEqual(['alice']);
  });

  it('no, but the Via asks for rport: the source port', async () => {
    expect(await answeredAt('alice', true)).toMatchObject({
      atSource: 'SIP/2.0 202 Accepted',
      atSentBy: undefined,
    });
  });

  it('yes (the default): the source port, whatever the Via says', async () => {
    expect(await answeredAt('bob', false)).toMatchObject({
      atSource: 'SIP/2.0 202 Accepted',
      atSentBy: undefined,
    });
  });
});
