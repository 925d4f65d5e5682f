/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { describe, expect, it } from 'vitest';
import {
  DialplanCode,
  type DialplanSendMessage,
  type DialplanSendOptions,
  loadDialplan,
} from '../src/index.js';
import { runDialplan } from '../src/run.js';
import { recordingLogger } from './state.js';

interface Sent {
  destination: string;
  message: DialplanSendMessage;
  options: Omit<DialplanSendOptions, 'signal'>;
}

/** Runs `[t]` with `steps` as exten s, for one message; returns what was sent and logged. */
async function run(
  steps: string[],
  options: {
    data?: Record<string, string>;
    status?: string;
    maxPriorities?: number;
    extra?: string;
    body?: string;
  } = {},
) {
  const text = `[t]\nexten => s,1,${steps[0]}\n${steps
    .slice(1)
    .map((s) => ` same => n,${s}`)
    .join('\n')}\n${options.extra ?? ''}`;
  const { dialplan, warnings } = loadDialplan({ text });
  const sent: Sent[] = [];
  const logger = recordingLogger();
  const outcome = await runDialplan(
    {
      context: 't',
      message: { body: options.body ?? 'hi', from: 'sip:alice@h', to: 'sip:s@h', data: options.data ?? {} },
    },
    {
      dialplan,
      logger,
      maxPriorities: options.maxPriorities ?? 100,
      limits: { maxValueLength: 1 << 20, maxWaitMs: 20 },
      signal: new AbortController().signal,
      send: async (destination, message, { signal: _signal, ...rest }) => {
        sent.push({ destination, message, options: rest });
        return { status: options.status ?? 'SUCCESS' };
      },
    },
  );
  const codes = logger.lines
    .filter((l) => l.level === 'warn' || l.level === 'error')
    .map((l) => l.fields?.code);
  return { outcome, sent, logger, codes, warnings };
}

/** A step that sends the value of `text` as the body, so a test can read what a variable held. */
const show = (text: string) => [`Set(MESSAGE(body)=${text})`, 'MessageSend(memory:probe)'];

describe('applications', () => {
  it('MessageSend sends MESSAGE(body/from/to) and sets MESSAGE_SEND_STATUS', async () => {
    const r = await run(
      ['MessageSend(xmpp:bob@localhost,xmpp:asterisk)', ...show('${MESSAGE_SEND_STATUS}')],
      {
        status: 'FAILURE',
      },
    );
    expect(r.sent[0]).toEqual({
      destination: 'xmpp:bob@localhost',
      message: { body: 'hi', from: 'sip:alice@h', to: 'sip:s@h' },
      options: { from: 'xmpp:asterisk' },
    });
    expect(r.sent[1]!.message.body).toBe('FAILURE');
    expect(r.outcome).toBe('completed');
  });

  it('MessageSend: quotes removed from destination and from, kept in to; to overwrites MESSAGE(to) (R1.6.1, R1.6.2)', async () => {
    const r = await run(['MessageSend(pjsip:bob,"Bob" <sip:b@h>,"X" <sip:x@h>)', ...show('${MESSAGE(to)}')]);
    expect(r.sent[0]!.options).toEqual({ from: 'Bob <sip:b@h>', to: '"X" <sip:x@h>' });
    expect(r.sent[0]!.message.to).toBe('"X" <sip:x@h>');
    expect(r.sent[1]!.message.body).toBe('"X" <sip:x@h>');
  });

  it('MessageSend without arguments or destination: INVALID_URI, nothing sent', async () => {
    const r = await run([
      'MessageSend()',
      'Set(A=${MESSAGE_SEND_STATUS})',
      'MessageSend(,sip:x@h)',
      ...show('${A}/${MESSAGE_SEND_STATUS}'),
    ]);
    expect(r.sent.map((s) => s.message.body)).toEqual(['INVALID_URI/INVALID_URI']);
  });

  it('received MESSAGE_DATA is readable but not re-sent until written (R1.4.2)', async () => {
    const data = { 'X-In': 'one', 'X-Other': 'two', 'Max-Forwards': '70' };
    const r = await run(
      [
        'MessageSend(a:1)',
        'Set(MESSAGE_DATA(X-In)=${MESSAGE_DATA(x-in)})',
        'Set(MESSAGE_DATA(X-New)=new)',
        'MessageSend(a:2)',
      ],
      { data },
    );
    expect(r.sent[0]!.message.data).toBeUndefined();
    expect(r.sent[1]!.message.data).toEqual({ 'X-In': 'one', 'X-New': 'new' });
  });

  it('MESSAGE(custom_data)=mark_all_outbound / clear_all_outbound; an empty write deletes', async () => {
    const data = { 'X-A': 'a', 'X-B': 'b' };
    const r = await run(
      [
        'Set(MESSAGE(custom_data)=mark_all_outbound)',
        'MessageSend(a:1)',
        'Set(MESSAGE_DATA(X-A)=)',
        'MessageSend(a:2)',
        'Set(MESSAGE(custom_data)=CLEAR_ALL_OUTBOUND)',
        'MessageSend(a:3)',
      ],
      { data },
    );
    expect(r.sent.map((s) => s.message.data)).toEqual([
      { 'X-A': 'a', 'X-B': 'b' },
      { 'X-B': 'b' },
      undefined,
    ]);
  });

  it('never hands send a CR/LF: header names that are not tokens are dropped, values made single-line', async () => {
    const r = await run(
      [
        'Set(MESSAGE_DATA(X-Evil)=${MESSAGE(body)})',
        'Set(MESSAGE_DATA(Bad Name)=x)',
        'Set(MESSAGE(from)=${MESSAGE(body)})',
        'MessageSend(pjsip:${MESSAGE(body)},${MESSAGE(body)})',
      ],
      { body: 'a\r\nVia: injected\u0000' },
    );
    const [sent] = r.sent;
    const values = [
      sent!.destination,
      sent!.options.from,
      sent!.message.from,
      ...Object.entries(sent!.message.data ?? {}).flat(),
    ];
    for (const value of values) expect(value).not.toMatch(/[\r\n\u0000]/);
    expect(Object.keys(sent!.message.data!)).toEqual(['X-Evil']);
    expect(sent!.message.body).toBe('a\r\nVia: injected\u0000'); // the body itself is sent as it is
    expect(r.codes).toContain(DialplanCode.ControlChars);
  });

  it('Set, NoOp, Verbose, Log', async () => {
    const r = await run([
      'Set(A=1)',
      'Set(__B=2)',
      'NoOp(${A})',
      'Verbose(2,v ${A})',
      'Log(WARNING,w ${B})',
      'Set(A=)',
      ...show('[${A}]'),
    ]);
    expect(r.sent[0]!.message.body).toBe('[]');
    expect(
      r.logger.lines.map((l) => [l.level, l.message]).filter(([, m]) => !m!.startsWith('dialplan')),
    ).toEqual([
      ['info', 'v 1'],
      ['warn', 'w 2'],
    ]);
  });

  it('Goto and GotoIf by label, number, exten and context', async () => {
    const r = await run(
      [
        'Goto(skip)',
        'MessageSend(a:never)',
        'NoOp()',
        'GotoIf($[1 = 1]?yes:no)',
        'MessageSend(a:no)',
        'Hangup()',
        'Goto(other,5,1)',
      ],
      {
        extra:
          ' same => n(skip),Goto(4)\nexten => s,100(yes),Goto(7)\nexten => s,101(no),MessageSend(a:no2)\n[other]\nexten => 5,1,MessageSend(a:other-${EXTEN})',
      },
    );
    expect(r.sent.map((s) => s.destination)).toEqual(['a:other-5']);
  });

  it('GotoIf with an empty branch goes on; a false condition takes the second label', async () => {
    const r = await run(
      ['GotoIf(0?nowhere)', 'GotoIf(0?:here)', 'MessageSend(a:skipped)', 'MessageSend(a:here)'],
      {
        extra: 'exten => s,10(here),MessageSend(a:labelled)',
      },
    );
    expect(r.sent.map((s) => s.destination)).toEqual(['a:labelled']);
  });

  it('Gosub/Return with arguments and GOSUB_RETVAL', async () => {
    const r = await run(['Gosub(sub,s,1(x,y))', ...show('${GOSUB_RETVAL}:${ARG1}')], {
      extra: '[sub]\nexten => s,1,Return(${ARG1}${ARG2})',
    });
    expect(r.sent[0]!.message.body).toBe('xy:');
  });

  it('Return after a last-priority Gosub ends the run quietly', async () => {
    const r = await run(['Gosub(sub,s,1)'], {
      extra: '[sub]\nexten => s,1,MessageSend(a:in-sub)\n same => n,Return()',
    });
    expect(r.sent.map((s) => s.destination)).toEqual(['a:in-sub']);
    expect(r.outcome).toBe('completed');
    expect(r.codes).toEqual([]);
  });

  it('ExecIf runs the chosen application', async () => {
    const r = await run([
      'ExecIf($[1=1]?MessageSend(a:yes):MessageSend(a:no))',
      'ExecIf(0?MessageSend(a:no2):MessageSend(a:else))',
    ]);
    expect(r.sent.map((s) => s.destination)).toEqual(['a:yes', 'a:else']);
  });

  it('Hangup ends the run', async () => {
    const r = await run(['Hangup()', 'MessageSend(a:after)']);
    expect(r.sent).toEqual([]);
    expect(r.outcome).toBe('hangup');
  });

  it('Wait is bounded by maxWaitMs', async () => {
    const started = Date.now();
    const r = await run(['Wait(3600)', 'MessageSend(a:after)']);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.sent).toHaveLength(1);
    expect(r.codes).toEqual([DialplanCode.BadArgument]);
  });

  it('an unknown application: reported at load, ends the run with an error when reached', async () => {
    const r = await run(['MessageSend(a:before)', 'Dial(PJSIP/x)', 'MessageSend(a:after)']);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([[DialplanCode.UnknownApp, 3]]);
    expect(r.sent.map((s) => s.destination)).toEqual(['a:before']);
    expect(r.outcome).toBe('error');
    expect(r.logger.lines.find((l) => l.level === 'error')?.fields).toMatchObject({
      code: DialplanCode.UnknownApp,
      line: 3,
    });
  });

  it('a Goto loop is cut by the loop guard', async () => {
    const r = await run(['NoOp()', 'Goto(1)'], { maxPriorities: 50 });
    expect(r.outcome).toBe('loop-guard');
    expect(r.codes).toEqual([DialplanCode.LoopGuard]);
  });

  it('a Goto to nowhere ends the run with an error', async () => {
    const r = await run(['Goto(nolabel)', 'MessageSend(a:after)']);
    expect(r.outcome).toBe('error');
    expect(r.codes).toEqual([DialplanCode.NoPriority]);
  });

  it('a send that throws is FAILURE, the run goes on', async () => {
    const { dialplan } = loadDialplan({
      text: '[t]\nexten => s,1,MessageSend(a:1)\n same => n,Set(MESSAGE(body)=${MESSAGE_SEND_STATUS})\n same => n,MessageSend(a:2)',
    });
    const bodies: string[] = [];
    let first = true;
    const outcome = await runDialplan(
      { context: 't', message: { body: 'x' } },
      {
        dialplan,
        logger: recordingLogger(),
        maxPriorities: 10,
        limits: { maxValueLength: 1000, maxWaitMs: 10 },
        signal: new AbortController().signal,
        send: async (_d, message) => {
          if (first) {
            first = false;
            throw new Error('boom');
          }
          bodies.push(message.body);
          return { status: 'SUCCESS' };
        },
      },
    );
    expect(bodies).toEqual(['FAILURE']);
    expect(outcome).toBe('completed');
  });
});
