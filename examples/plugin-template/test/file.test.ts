import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import file from '../src/index.js';

describe('file: technology', () => {
  it('appends one JSON line per message, MessageSend arguments winning over message fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messagesend-file-'));
    const router = createRouter({ techs: [file({ baseDir: dir })] });
    const first = await router.send('file:log.jsonl', {
      body: 'héllo\nworld',
      from: 'msg-from',
      data: { X: '1' },
    });
    const second = await router.send(
      'file:log.jsonl',
      { body: 'two', from: 'msg-from' },
      { from: 'arg-from' },
    );
    expect([first.status, second.status]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(await first.delivery).toMatchObject({ outcome: 'delivered' });
    const lines = readFileSync(join(dir, 'log.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { body: 'héllo\nworld', from: 'msg-from', data: { X: '1' } },
      { body: 'two', from: 'arg-from' },
    ]);
    await router.close();
  });

  it('a write failure is FAILURE FILE_WRITE_FAILED with the path', async () => {
    const router = createRouter({ techs: [file({ baseDir: '/nonexistent-dir' })] });
    const result = await router.send('file:x.jsonl', { body: 'b' });
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'FILE_WRITE_FAILED' });
    expect(result.detail).toContain('/nonexistent-dir/x.jsonl');
  });
});
