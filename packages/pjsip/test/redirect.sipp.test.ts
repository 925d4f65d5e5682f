import { createRouter } from '@messagesend/core';
import { runningPeers, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { MAX_REDIRECT_HOPS } from '../src/redirect.js';

// follow_redirect_methods=message against real SIPp peers (res_pjsip redirect.c rules).
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

async function uas(status: number, reason: string, headers: string[] = []): Promise<SippPeer> {
  const peer = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status, reason, headers }] }], {
      timewaitMs: 2000,
    }),
  });
  cleanups.push(() => peer.stop());
  return peer;
}

function routerWith(endpointExtra: string) {
  const conf = `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[trunk]
type=endpoint
${endpointExtra}
`;
  const router = createRouter({ techs: [pjsip({ config: conf })] });
  cleanups.push(() => router.close());
  return router;
}

const requestUri = (m: { firstLine: string }) => m.firstLine.split(' ')[1];

describe('pjsip follow_redirect_methods=message (SIPp)', () => {
  it('a 302 with two Contacts is followed to the higher-q one, and the report says where', async () => {
    const target = await uas(202, 'Accepted');
    const low = `sip:low@${target.host}:${target.port}`;
    const high = `sip:high@${target.host}:${target.port}`;
    const redirector = await uas(302, 'Moved Temporarily', [`Contact: <${low}>;q=0.2, <${high}>;q=0.8`]);
    const router = routerWith('follow_redirect_methods=message');
    const sent = await router.send(`pjsip:trunk/${redirector.uri('bob')}`, { body: 'hello' });
    expect(sent.status, sent.detail).toBe('SUCCESS');
    const report = await sent.delivery;
    expect(report).toMatchObject({ outcome: 'delivered', code: 202 });
    expect(report?.detail).toContain(`last to ${high}`);
    const [request] = await target.waitForRequests(1);
    expect(requestUri(request!)).toBe(high);
    expect(request!.body).toBe('hello');
    expect(target.requests()).toHaveLength(1);
  });

  it('a 302 whose Contact header holds one malformed entry still follows the good one, and says one was skipped', async () => {
    const target = await uas(202, 'Accepted');
    const good = `sip:good@${target.host}:${target.port}`;
    const redirector = await uas(302, 'Moved Temporarily', [`Contact: <sip:u:secret@>, <${good}>;q=0.5`]);
    const router = routerWith('follow_redirect_methods=message');
    const sent = await router.send(`pjsip:trunk/${redirector.uri('bob')}`, { body: 'hello' });
    const report = await sent.delivery;
    expect(report).toMatchObject({ outcome: 'delivered', code: 202 });
    expect(report?.detail).toContain(`last to ${good}; 1 malformed Contact entry skipped`);
    expect(report?.detail).not.toContain('secret');
    expect((await target.waitForRequests(1)).map(requestUri)).toEqual([good]);
  });

  it('a 404 from the first Contact moves on to the next, as msg_response_callback does', async () => {
    const refusing = await uas(404, 'Not Found');
    const accepting = await uas(202, 'Accepted');
    const redirector = await uas(302, 'Moved Temporarily', [
      `Contact: <${refusing.uri('first')}>;q=1, <${accepting.uri('second')}>;q=0.5`,
    ]);
    const router = routerWith('follow_redirect_methods=message');
    const sent = await router.send(`pjsip:trunk/${redirector.uri('bob')}`, { body: 'next' });
    const report = await sent.delivery;
    expect(report).toMatchObject({ outcome: 'delivered', code: 202 });
    expect(report?.detail).toContain(`redirected 2 time(s), last to ${accepting.uri('second')}`);
    expect((await refusing.waitForRequests(1)).map(requestUri)).toEqual([refusing.uri('first')]);
    expect((await accepting.waitForRequests(1)).map(requestUri)).toEqual([accepting.uri('second')]);
  });

  it('a hostile 302 (garbage, non-SIP and 30 Contacts) is bounded: at most 20 tried, then rejected', async () => {
    const refusing = await uas(404, 'Not Found');
    const many = Array.from({ length: 30 }, (_, i) => `<${refusing.uri(`u${i}`)}>`).join(', ');
    const redirector = await uas(302, 'Moved', [
      'Contact: <<<garbage',
      'Contact: <tel:+1234>',
      `Contact: ${many}`,
    ]);
    const router = routerWith('follow_redirect_methods=message');
    const sent = await router.send(`pjsip:trunk/${redirector.uri('bob')}`, { body: 'x' });
    const report = await sent.delivery;
    expect(report).toMatchObject({ outcome: 'rejected', code: 404 });
    await refusing.waitForRequests(20);
    expect(refusing.requests()).toHaveLength(20);
  });

  it('without the option a 302 stays rejected and nothing reaches the Contact', async () => {
    const target = await uas(202, 'Accepted');
    const redirector = await uas(302, 'Moved Temporarily', [`Contact: <${target.uri('x')}>`]);
    const router = routerWith('');
    const sent = await router.send(`pjsip:trunk/${redirector.uri('bob')}`, { body: 'hello' });
    expect(await sent.delivery).toMatchObject({ outcome: 'rejected', code: 302 });
    await redirector.waitForRequests(1);
    expect(target.requests()).toHaveLength(0);
  });

  it('a 302 back to the same URI is a loop: not followed, reported', async () => {
    const self = await startSippUas({
      scenario: uasScenario([
        {
          request: 'MESSAGE',
          replies: [
            { status: 302, reason: 'Moved', headers: ['Contact: <sip:bob@[local_ip]:[local_port]>'] },
          ],
        },
      ]),
    });
    cleanups.push(() => self.stop());
    const router = routerWith('follow_redirect_methods=message');
    const sent = await router.send(`pjsip:trunk/${self.uri('bob')}`, { body: 'loop' });
    const report = await sent.delivery;
    expect(report).toMatchObject({ outcome: 'rejected', code: 302 });
    expect(report?.detail).toContain('already tried (a loop)');
    expect(self.requests()).toHaveLength(1);
  });

  it(`a chain of new Contacts stops at the hop limit (${MAX_REDIRECT_HOPS})`, async () => {
    const chain = await startSippUas({
      scenario: uasScenario([
        {
          request: 'MESSAGE',
          replies: [
            {
              status: 302,
              reason: 'Moved',
              headers: ['Contact: <sip:hop[call_number]@[local_ip]:[local_port]>'],
            },
          ],
        },
      ]),
    });
    cleanups.push(() => chain.stop());
    const router = routerWith('follow_redirect_methods=message');
    const sent = await router.send(`pjsip:trunk/${chain.uri('bob')}`, { body: 'chain' });
    const report = await sent.delivery;
    expect(report).toMatchObject({ outcome: 'rejected', code: 302 });
    expect(report?.detail).toContain(`hop limit (${MAX_REDIRECT_HOPS}) reached`);
    expect(chain.requests()).toHaveLength(MAX_REDIRECT_HOPS + 1);
  });
});
