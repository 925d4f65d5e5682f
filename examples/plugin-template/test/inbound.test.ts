import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, type InboundMessage } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import file from '../src/index.js';

const inboxWith = (files: Record<string, unknown>) => {
  const dir = mkdtempSync(join(tmpdir(), 'messagesend-file-inbox-'));
  mkdirSync(join(dir, 'inbox'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, 'inbox', name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
};

describe('file: inbound (attach, start, poll)', () => {
  it('hands each inbox file to onMessage; accepted ones are deleted, and the reply destination works', async () => {
    const dir = inboxWith({
      '1.json': { body: 'hello', from: 'alice', data: { X: '1' }, replyTo: 'to-alice.jsonl' },
      '2.json': { body: 'second' },
    });
    const tech = file({ baseDir: dir, inboxDir: 'inbox' });
    const router = createRouter({ techs: [tech] });
    const received: InboundMessage[] = [];
    router.onMessage(async (message) => {
      received.push(message);
      await router.send(message.destination, { body: `echo: ${message.body}` });
    });
    await router.start(); // start() polls once before it resolves
    expect(received).toMatchObject([
      { tech: 'file', body: 'hello', from: 'alice', data: { X: '1' }, destination: 'file:to-alice.jsonl' },
      { tech: 'file', body: 'second', destination: 'file:replies.jsonl' },
    ]);
    expect(readdirSync(join(dir, 'inbox'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'to-alice.jsonl'), 'utf8'))).toMatchObject({
      body: 'echo: hello',
    });
    await router.close();
  });

  it('declined and unreadable files are renamed .rejected; a handler that throws leaves the file for the next poll', async () => {
    const dir = inboxWith({
      'a.json': { body: 'no thanks' },
      'b.json': 'not json',
      'c.json': { body: 'boom' },
    });
    const tech = file({ baseDir: dir, inboxDir: 'inbox' });
    const router = createRouter({ techs: [tech] });
    router.onMessage((message) => {
      if (message.body === 'boom') throw new Error('handler failed');
      return false;
    });
    expect(await tech.poll()).toEqual({ accepted: 0, 'not-found': 1, error: 1, unreadable: 1 });
    expect(readdirSync(join(dir, 'inbox')).sort()).toEqual(['a.json.rejected', 'b.json.rejected', 'c.json']);
    expect(await tech.poll()).toEqual({ accepted: 0, 'not-found': 0, error: 1, unreadable: 0 });
    await router.close();
    expect(await tech.poll()).toEqual({ accepted: 0, 'not-found': 0, error: 0, unreadable: 0 });
    expect(existsSync(join(dir, 'inbox', 'c.json'))).toBe(true);
  });

  it('start() keeps polling every pollMs until close()', async () => {
    const dir = inboxWith({});
    const tech = file({ baseDir: dir, inboxDir: 'inbox', pollMs: 20 });
    const router = createRouter({ techs: [tech] });
    const bodies: string[] = [];
    router.onMessage((message) => {
      bodies.push(message.body);
    });
    await router.start();
    writeFileSync(join(dir, 'inbox', 'late.json'), JSON.stringify({ body: 'arrived later' }));
    await expect.poll(() => bodies, { timeout: 2000 }).toEqual(['arrived later']);
    await router.close();
    writeFileSync(join(dir, 'inbox', 'after.json'), JSON.stringify({ body: 'after close' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(bodies).toEqual(['arrived later']);
    expect(existsSync(join(dir, 'inbox', 'after.json'))).toBe(true);
  });
});
