import { describe, expect, it } from 'vitest';
import { createDialplanRunner, type DialplanInbound, loadDialplan } from '../src/index.js';
import { recordingLogger } from './state.js';

// Every place a received value can reach: expressions, functions, conditions, jumps, headers.
const EXTENSIONS = `
[in]
exten => _.,1,Set(B=\${MESSAGE(body)})
 same => n,Set(R=$[\${B} = x]$[\${B} : (a*)*b]$[\${B} + 1])
 same => n,Set(C=\${CUT(B,@,2)}\${LEN(\${B})}\${FILTER(a-z,\${B})}\${REPLACE(B,\\,)}\${SHIFT(B)}\${POP(B)})
 same => n,Set(MESSAGE_DATA(X-Echo)=\${MESSAGE(body)})
 same => n,Set(MESSAGE_DATA(\${MESSAGE(from)})=v)
 same => n,ExecIf(\${MESSAGE(body)}?NoOp(\${EXTEN}):NoOp())
 same => n,GotoIf(\${IF(\${B}?0:0)}?nowhere)
 same => n,MessageSend(sip:\${MESSAGE(body)},\${MESSAGE(from)},\${MESSAGE(to)})
 same => n,Goto(\${MESSAGE(body)})
`;

function randomText(random: () => number, length: number): string {
  const alphabet = 'ab@:,;()[]{}$"\\\'?|&=!<>+-*/%~ \r\n\t\u0000\u001b\u2028\u202eé';
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

describe('hostile input never crashes a run or injects a header line', () => {
  it('500 random messages: every run ends with a defined outcome, no CR/LF/NUL handed to send', async () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { dialplan, warnings } = loadDialplan({ text: EXTENSIONS });
    expect(warnings).toEqual([]);
    const handed: string[] = [];
    const outcomes: string[] = [];
    const runner = createDialplanRunner({
      dialplan,
      logger: recordingLogger(),
      maxQueue: 1000,
      send: async (destination, message, options) => {
        handed.push(destination, options.from ?? '', options.to ?? '', message.from ?? '', message.to ?? '');
        for (const [name, value] of Object.entries(message.data ?? {})) handed.push(name, value);
        return { status: 'SUCCESS' };
      },
      onRunEnd: (outcome) => outcomes.push(outcome),
    });
    for (let i = 0; i < 500; i++) {
      const inbound: DialplanInbound = {
        context: 'in',
        exten: randomText(random, 8),
        message: {
          body: randomText(random, Math.floor(random() * 300)),
          from: randomText(random, 20),
          to: randomText(random, 20),
          data: { [randomText(random, 5)]: randomText(random, 30) },
        },
      };
      runner.accept(inbound);
    }
    await runner.idle();
    expect(outcomes).toHaveLength(500);
    for (const outcome of outcomes) expect(['completed', 'hangup', 'error']).toContain(outcome);
    expect(handed.length).toBeGreaterThan(0);
    for (const value of handed) expect(value).not.toMatch(/[\r\n\u0000]/);
  });

  it('accept() declines malformed input instead of throwing', () => {
    const { dialplan } = loadDialplan({ text: '[in]\nexten => s,1,NoOp()' });
    const runner = createDialplanRunner({ dialplan, send: async () => ({ status: 'SUCCESS' }) });
    const bad = [
      undefined,
      null,
      {},
      { context: 5 },
      { context: 'in' },
      { context: 'in', message: { body: 7 } },
    ];
    for (const inbound of bad) expect(runner.accept(inbound as unknown as DialplanInbound)).toBe(false);
    expect(runner.stats().declined).toBe(bad.length);
  });
});
