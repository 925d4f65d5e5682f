import { createRouter } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

describe('sip: compact data header names cannot add a second From, To, Via or Call-ID', () => {
  it('f, t, v, i, m and l are blocked with a warning; the wire has one of each', async () => {
    const router = createRouter({
      techs: [sip({ config: '[general]\nbindaddr=127.0.0.1\nbindport=5070\n' })],
    });
    const data = {
      f: '<sip:evil@x>;tag=1',
      t: '<sip:evil@x>',
      v: 'SIP/2.0/UDP evil:5060;branch=z9hG4bKx',
      i: 'x',
      m: '<sip:evil@x>',
      l: '0',
    };
    const result = await router.send('sip:bob@127.0.0.1:5099', { body: 'hi', data }, { dryRun: true });
    expect(result.status, result.detail).toBe('SUCCESS');
    const names = result
      .preview!.split('\r\n\r\n')[0]!
      .split('\r\n')
      .slice(1)
      .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
    for (const name of ['from', 'to', 'via', 'call-id', 'content-length'])
      expect(
        names.filter((n) => n === name),
        name,
      ).toHaveLength(1);
    for (const compact of Object.keys(data)) expect(names).not.toContain(compact);
    expect(result.warnings.filter((w) => w.includes('is set by the SIP stack'))).toHaveLength(6);
    await router.close();
  });
});
