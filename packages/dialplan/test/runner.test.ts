/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { createRouter, type InboundMessage, type Router } from '@messagesend/core';
import { type MemoryTech, memoryTech } from '@messagesend/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDialplanRunner,
  DialplanCode,
  type DialplanRunner,
  loadDialplan,
  type RunOutcome,
} from '../src/index.js';
import { recordingLogger } from './state.js';

const EXTENSIONS = `
[messages]
; forward: what a user's [messages] context does
exten => 1000,1,NoOp(from \${MESSAGE(from)})
 same => n,MessageSend(xmpp:bob@localhost,xmpp:asterisk)
 same => n,GotoIf($["\${MESSAGE_SEND_STATUS}" != "SUCCESS"]?failed)
 same => n,Hangup()
 same => n(failed),Set(MESSAGE(body)=could not deliver to bob: \${MESSAGE_SEND_STATUS})
 same => n,MessageSend(sip:\${CUT(MESSAGE(from),@,1):4}@back)

; offline target: the failure branch
exten => 2000,1,MessageSend(xmpp:offline@localhost)
 same => n,GotoIf($["\${MESSAGE_SEND_STATUS}" = "SUCCESS"]?done:failed)
 same => n(done),Hangup()
 same => n(failed),MessageSend(sip:notify,,status=\${MESSAGE_SEND_STATUS})

exten => loop,1,NoOp(round)
 same => n,Goto(1)

exten => slow,1,Wait(60)
 same => n,MessageSend(xmpp:late@localhost)

exten => _X.,1,MessageSend(sip:\${EXTEN})

[xmpp-in]
exten => s,1,MessageSend(sip:\${MESSAGE_DATA(XMPP_BUDDY)})
 same => n,MessageSend(sip:var-\${CHANNEL_VAR})
`;

let router: Router | undefined;
let runner: DialplanRunner | undefined;
afterEach(async () => {
  await runner?.close({ graceMs: 100 });
  await router?.close();
});

function setup(options: { runTimeoutMs?: number; maxPriorities?: number } = {}) {
  const xmpp = memoryTech({
    name: 'xmpp',
    fail: (d) => (d.includes('offline') ? 'XMPP_NOT_CONNECTED' : undefined),
  });
  const sip = memoryTech({ name: 'sip' });
  router = createRouter({ techs: [xmpp, sip] });
  const { dialplan, warnings } = loadDialplan({ text: EXTENSIONS });
  expect(warnings).toEqual([]);
  const logger = recordingLogger();
  const outcomes: RunOutcome[] = [];
  const r = router;
  runner = createDialplanRunner({
    dialplan,
    send: (destination, message, sendOptions) => r.send(destination, message, sendOptions),
    logger,
    maxWaitMs: 60_000,
    onRunEnd: (outcome) => outcomes.push(outcome),
    ...options,
  });
  const dp = runner;
  // What the gateway does: the dialplan first, code handlers after it.
  router.onMessage((message: InboundMessage) =>
    dp.accept({
      context: message.tech === 'xmpp' ? 'xmpp-in' : 'messages',
      exten: message.tech === 'xmpp' ? undefined : (message.to ?? '').replace(/^sip:([^@]*)@.*$/, '$1'),
      message,
      ...(message.tech === 'xmpp' && { variables: { CHANNEL_VAR: 'set' } }),
    }),
  );
  return { xmpp, sip, logger, outcomes, runner: dp };
}

const inbound = (tech: MemoryTech, to: string, body = 'hello', data: Record<string, string> = {}) =>
  tech.receive({ body, from: 'sip:alice@example.com', to, destination: 'sip:alice', data });

describe('dialplan runner with a real router and the memory technology', () => {
  it('forwards SIP to XMPP without re-sending received headers', async () => {
    const { xmpp, sip, outcomes, runner } = setup();
    expect(
      await inbound(sip, 'sip:1000@pbx', 'hello bob', { 'X-Received': 'yes', Via: 'SIP/2.0/UDP x' }),
    ).toBe('accepted');
    await runner.idle();
    expect(xmpp.sent).toEqual([
      {
        destination: 'xmpp:bob@localhost',
        address: 'bob@localhost',
        from: 'xmpp:asterisk',
        message: { body: 'hello bob', from: 'sip:alice@example.com', to: 'sip:1000@pbx' },
      },
    ]);
    expect(outcomes).toEqual(['hangup']);
  });

  it('XMPP: exten s, MESSAGE_DATA(XMPP_BUDDY) and channel variables, forwarded to SIP', async () => {
    const { xmpp, sip, runner } = setup();
    expect(
      await xmpp.receive({
        body: 'hi',
        from: 'xmpp:carol@localhost/phone',
        destination: 'xmpp:carol@localhost',
        data: { XMPP_BUDDY: 'carol@localhost' },
      }),
    ).toBe('accepted');
    await runner.idle();
    expect(sip.sent.map((s) => [s.destination, s.message.body, s.message.data])).toEqual([
      ['sip:carol@localhost', 'hi', undefined], // XMPP_BUDDY is read, not re-sent
      ['sip:var-set', 'hi', undefined],
    ]);
  });

  it('MESSAGE_SEND_STATUS drives GotoIf to the failure branch when the target is offline', async () => {
    const { sip, runner } = setup();
    await inbound(sip, 'sip:2000@pbx');
    await runner.idle();
    expect(sip.sent.map((s) => [s.destination, s.to])).toEqual([['sip:notify', 'status=FAILURE']]);
  });

  it('a Goto loop is cut by the guard and the next message is still processed', async () => {
    const { xmpp, sip, logger, outcomes, runner } = setup({ maxPriorities: 200 });
    await inbound(sip, 'sip:loop@pbx');
    await inbound(sip, 'sip:1000@pbx', 'after the loop');
    await runner.idle();
    expect(outcomes).toEqual(['loop-guard', 'hangup']);
    expect(xmpp.sent.map((s) => s.message.body)).toEqual(['after the loop']);
    expect(logger.lines.filter((l) => l.fields?.code === DialplanCode.LoopGuard)).toHaveLength(1);
  });

  it('messages run one at a time, in arrival order', async () => {
    const { sip, runner } = setup();
    for (let i = 0; i < 20; i++) await inbound(sip, `sip:${5000 + i}@pbx`);
    await runner.idle();
    expect(sip.sent.map((s) => s.destination)).toEqual(
      Array.from({ length: 20 }, (_, i) => `sip:${5000 + i}`),
    );
  });

  it('a slow run is ended at runTimeoutMs and the next message goes', async () => {
    const { xmpp, logger, outcomes, runner, sip } = setup({ runTimeoutMs: 200 });
    await inbound(sip, 'sip:slow@pbx');
    await inbound(sip, 'sip:1000@pbx', 'not blocked');
    await runner.idle();
    expect(outcomes).toEqual(['timeout', 'hangup']);
    expect(xmpp.sent.map((s) => s.destination)).toEqual(['xmpp:bob@localhost']); // the slow one never sent late
    expect(logger.lines.some((l) => l.fields?.code === DialplanCode.RunTimeout)).toBe(true);
  });

  it('an extension that does not exist is declined, so the technology answers not-found', async () => {
    const { sip } = setup();
    expect(await inbound(sip, 'sip:alice@pbx')).toBe('not-found');
  });

  it('a message after close is declined; queued ones are reported, not dropped silently', async () => {
    const { sip, logger, runner } = setup({ runTimeoutMs: 5000 });
    await inbound(sip, 'sip:slow@pbx');
    await inbound(sip, 'sip:1000@pbx');
    await runner.close({ graceMs: 50 });
    expect(await inbound(sip, 'sip:1000@pbx')).toBe('not-found');
    expect(logger.lines.find((l) => l.fields?.code === DialplanCode.Closed)?.message).toMatch(
      /1 messages not run/,
    );
  });

  it('hostile bodies and headers: no crash, nothing injected', async () => {
    const { sip, xmpp, runner } = setup();
    const nasty = 'x\r\nInjected: 1\u0000${MESSAGE(body)}$[1/0]${'.repeat(100);
    await inbound(sip, 'sip:1000@pbx', nasty, { 'X-Evil\r\nInjected': 'v\r\n' });
    await inbound(sip, 'sip:1000@pbx', 'b'.repeat(65_536));
    await runner.idle();
    expect(xmpp.sent.map((s) => s.message.body.length)).toEqual([nasty.length, 65_536]);
  });
});
