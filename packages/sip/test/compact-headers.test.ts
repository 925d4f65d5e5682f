import { createRouter } from '@messagesend/core';
import { COMPACT_STACK_HEADER_DATA, previewHeaderNames } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

describe('sip: compact data header names cannot add a second From, To, Via or Call-ID', () => {
  it('f, t, v, i, m and l are blocked with a warning; the wire has one of each', async () => {
    const router = createRouter({
      techs: [sip({ config: '[general]\nbindaddr=127.0.0.1\nbindport=5070\n' })],
    });
    const data = { ...COMPACT_STACK_HEADER_DATA };
    const result = await router.send('sip:bob@127.0.0.1:5099', { body: 'hi', data }, { dryRun: true });
    expect(result.status, result.detail).toBe('SUCCESS');
    const names = previewHeaderNames(result.preview!);
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
