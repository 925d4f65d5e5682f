import { createRouter, type InboundMessage } from '@messagesend/core';
import { pollUntil, runningPeers, startKamailio, startSippPhone, uacScenario } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

describe('pjsip: an inbound message relayed by Kamailio replies the way it came', () => {
  it('destination is pjsip:proxy/<sender URI>; router.send(destination) goes back through Kamailio to the sender', async () => {
    const kamailio = await startKamailio();
    cleanups.push(() => kamailio.stop());
    const tech = pjsip({
      config: `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[proxy]
type=endpoint
outbound_proxy=${kamailio.uri}

[proxy-by-ip]
type=identify
endpoint=proxy
match=127.0.0.1
`,
    });
    const router = createRouter({ techs: [tech] });
    cleanups.push(() => router.close());
    const received: InboundMessage[] = [];
    router.onMessage((message) => {
      received.push(message);
    });
    await router.start();
    const [udp] = tech.addresses();

    // The sender: a SIPp phone that sends through Kamailio, then waits for the reply out of call.
    const sender = await startSippPhone({
      target: kamailio.uri.replace(/^sip:/, ''),
      scenario: uacScenario([
        {
          method: 'MESSAGE',
          requestUri: `sip:gateway@${udp!.host}:${udp!.port}`,
          to: `<sip:gateway@${udp!.host}:${udp!.port}>`,
          from: '<sip:carol@[local_ip]:[local_port]>',
          headers: ['Content-Type: text/plain'],
          body: 'hello through the proxy',
          expect: 202,
        },
      ]),
      answers: [{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }],
    });
    cleanups.push(() => sender.stop());
    const senderPort = sender.port;

    await pollUntil('the MESSAGE through Kamailio', () => received.length > 0);
    expect(received).toHaveLength(1);
    const inbound = received[0]!;
    expect(inbound.destination).toBe(`pjsip:proxy/sip:carol@127.0.0.1:${senderPort}`);

    const reply = await router.send(inbound.destination, { body: 'reply' }, { waitForDelivery: true });
    expect(reply.status, reply.detail).toBe('SUCCESS');
    const [arrived] = await sender.waitForRequests(1);
    expect(arrived?.firstLine).toBe(`MESSAGE sip:carol@127.0.0.1:${senderPort} SIP/2.0`);
    expect(arrived?.body.trim()).toBe('reply');
    // Two Via headers: ours and Kamailio's, so the reply went through the proxy.
    expect(arrived?.headers.filter(([name]) => /^(via|v)$/i.test(name))).toHaveLength(2);
  });
});
