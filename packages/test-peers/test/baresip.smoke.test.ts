import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nextNetstring } from '../src/baresip-control.js';
import { parseReceivedMessages, tracedBody, tracedHeader } from '../src/baresip-output.js';
import { runningPeers, startBaresip } from '../src/index.js';

afterAll(() => {
  expect(runningPeers()).toEqual([]);
});

/** Command lines of live processes matching `pattern`, as CI's leak check sees them. */
function pgrep(pattern: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', pattern], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('baresip harness', () => {
  it('one baresip sends a MESSAGE to another; both are visible to the leak check and gone after stop()', async () => {
    const carol = await startBaresip({ user: 'carol' });
    const dave = await startBaresip({ user: 'dave', contacts: [carol.uri()] });
    try {
      expect(carol.version).toBe('1.0.0');
      const leakCheck = pgrep('messagesend-peer-baresip');
      expect(leakCheck.filter((line) => /baresip -f \S+ -s$/.test(line))).toHaveLength(2);
      await dave.sendMessage(carol.uri(), 'ping with "quotes"\nand a second line');
      expect(await carol.waitForMessages(1)).toEqual([
        { from: dave.uri(), body: 'ping with "quotes"\nand a second line' },
      ]);
      const ok = await dave.waitForPacket((p) => p.firstLine.startsWith('SIP/2.0 '));
      expect([ok.transport, ok.firstLine]).toEqual(['UDP', 'SIP/2.0 200 OK']);
      await expect(dave.sendMessage('sip:nobody@127.0.0.1', 'x')).rejects.toThrow(/not one of its contacts/);
      // The largest body ctrl_tcp's 1024-byte command buffer carries whole; one byte more is refused.
      // baresip answers it 200 but prints nothing (its UI line buffer is 512 bytes): the trace has it.
      const largest = 'y'.repeat(1015);
      await dave.sendMessage(carol.uri(), largest);
      const big = await carol.waitForPacket(
        (p) => p.firstLine.startsWith('MESSAGE ') && tracedBody(p) === largest,
      );
      await dave.waitForPacket(
        (p) =>
          p.firstLine === 'SIP/2.0 200 OK' && tracedHeader(p, 'Call-ID') === tracedHeader(big, 'Call-ID'),
      );
      expect(carol.received()).toHaveLength(1);
      await expect(dave.sendMessage(carol.uri(), `${largest}y`)).rejects.toThrow(/command buffer/);
    } finally {
      await carol.stop();
      await dave.stop();
    }
    expect(pgrep('messagesend-peer-baresip')).toEqual([]);
  });

  it('refuses an account value that would break the accounts file, leaving no folder behind', async () => {
    // A temp folder of its own, so peers of test files running in parallel do not count.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'baresip-refusal-'));
    try {
      await expect(startBaresip({ password: 'a;b' })).rejects.toThrow(/unsupported character in "a;b"/);
      expect(readdirSync(tmpdir())).toEqual([]);
    } finally {
      rmSync(tmpdir(), { recursive: true, force: true });
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('reads netstrings split anywhere and received lines among other output', () => {
    const frame = Buffer.from('14:{"ok":"héé"},rest');
    expect(nextNetstring(frame.subarray(0, 10))).toBeUndefined();
    expect(nextNetstring(frame)).toEqual({ payload: '{"ok":"héé"}', end: 18 });
    expect(() => nextNetstring(Buffer.from('x:{}'))).toThrow(/not a netstring/);
    expect(parseReceivedMessages('noise\n\rsip:a@h: "one"\nmore\n\rsip:b@h:5062: ""\n')).toEqual([
      { from: 'sip:a@h', body: 'one' },
      { from: 'sip:b@h:5062', body: '' },
    ]);
  });
});
