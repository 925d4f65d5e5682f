import { createRequire } from 'node:module';
import { createRouter, type Router, type SendOptions } from '@messagesend/core';
import { memoryTech } from '@messagesend/core/testing';
import { pjsip } from '@messagesend/pjsip';
import { headerValue, runningPeers, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AmiSend } from '../../src/ami/index.js';
import { startAmi } from './server-fixture.js';

const require = createRequire(import.meta.url);
const AmiClient = require('asterisk-ami-client') as new (
  options?: Record<string, unknown>,
) => {
  connect(user: string, secret: string, options: { host: string; port: number }): Promise<unknown>;
  action(message: Record<string, string>, promisable: true): Promise<Record<string, string>>;
  disconnect(): void;
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => expect(runningPeers()).toEqual([]));

/** MessageSend's From is the send's from argument and To the To override (R1.9.4, R1.9.1), as the gateway wires it. */
function sendThrough(router: Router): AmiSend {
  return async (destination, message) => {
    const options: SendOptions = {};
    if (message.from !== undefined) options.from = message.from;
    if (message.to !== undefined) options.to = message.to;
    const body =
      message.data === undefined ? { body: message.body } : { body: message.body, data: message.data };
    return router.send(destination, body, options);
  };
}

async function client(port: number) {
  const ami = new AmiClient({ reconnect: false });
  await ami.connect('admin', 's3cret-Admin', { host: '127.0.0.1', port });
  cleanups.push(async () => ami.disconnect());
  return ami;
}

describe('AMI MessageSend through a real router', () => {
  it('reaches the memory technology; an unknown technology is "Message technology not found."', async () => {
    const memory = memoryTech();
    const router = createRouter({ techs: [memory] });
    cleanups.push(() => router.close());
    const ami = await startAmi({ send: sendThrough(router) });
    cleanups.push(() => ami.server.close());
    const amiClient = await client(ami.port);
    const ok = await amiClient.action(
      {
        Action: 'MessageSend',
        ActionID: 'a1',
        Destination: 'memory:alice',
        To: 'memory:override',
        From: 'memory:bob',
        Body: 'hi',
        Variable: 'X-A=1',
      },
      true,
    );
    expect(ok).toMatchObject({ Response: 'Success', Message: 'Message successfully sent' });
    expect(memory.sent).toHaveLength(1);
    expect(memory.sent[0]).toMatchObject({
      destination: 'memory:alice',
      address: 'alice',
      from: 'memory:bob',
      to: 'memory:override',
      message: { body: 'hi', data: { 'X-A': '1' } },
    });
    const unknown = await amiClient.action(
      { Action: 'MessageSend', ActionID: 'a2', To: 'xmpp:nobody', Body: 'x' },
      true,
    );
    expect(unknown).toMatchObject({ Response: 'Error', Message: 'Message technology not found.' });
    const badUri = await amiClient.action(
      { Action: 'MessageSend', ActionID: 'a3', To: 'memory:', Body: 'x' },
      true,
    );
    expect(badUri).toMatchObject({ Response: 'Error', Message: 'Message failed to send.' });
  });

  it("reaches a SIPp UAS through pjsip as the testsuite's message_send_ami: Destination, From and To", async () => {
    const peer = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
    });
    cleanups.push(() => peer.stop());
    const tech = pjsip({
      config: `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[user1]
type=endpoint
aors=user1

[user1]
type=aor
contact=sip:user1@127.0.0.1:${peer.port}
`,
    });
    const router = createRouter({ techs: [tech] });
    cleanups.push(() => router.close());
    const ami = await startAmi({ send: sendThrough(router) });
    cleanups.push(() => ami.server.close());
    const amiClient = await client(ami.port);
    const response = await amiClient.action(
      {
        Action: 'MessageSend',
        ActionID: 'sip-1',
        Destination: 'pjsip:user1',
        From: 'sip:user0',
        To: 'sip:ralph@somewhere.com',
        Base64Body: Buffer.from('héllo over AMI').toString('base64'),
        Variable: 'X-Custom=yes',
      },
      true,
    );
    expect(response).toMatchObject({
      Response: 'Success',
      ActionID: 'sip-1',
      Message: 'Message successfully sent',
    });
    const [request] = await peer.waitForRequests(1);
    expect(request!.firstLine).toBe(`MESSAGE sip:user1@127.0.0.1:${peer.port} SIP/2.0`);
    expect(headerValue(request!, 'From')).toContain('sip:user0');
    expect(headerValue(request!, 'To')).toContain('sip:ralph@somewhere.com');
    expect(headerValue(request!, 'X-Custom')).toBe('yes');
    expect(request!.body).toBe('héllo over AMI');
    expect((await peer.stop()).errors).toEqual([]);
  });
});
