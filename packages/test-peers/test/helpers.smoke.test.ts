import { afterAll, describe, expect, it } from 'vitest';
import {
  pollUntil,
  rawSipClient,
  runningPeers,
  startSippPhone,
  startSippUas,
  uacScenario,
  uasScenario,
} from '../src/index.js';

afterAll(() => expect(runningPeers()).toEqual([]));

describe('pollUntil', () => {
  it('returns the first value the probe answers (not undefined or false), sync or async', async () => {
    let asked = 0;
    expect(await pollUntil('three asks', () => ++asked >= 3 && asked, { intervalMs: 1 })).toBe(3);
    expect(await pollUntil('a promise', async () => 'ready')).toBe('ready');
  });

  it('throws at its bound, naming what it waited for and the detail', async () => {
    await expect(
      pollUntil('the impossible', () => false, { timeoutMs: 50, detail: () => 'seen: nothing' }),
    ).rejects.toThrow(/timed out after 50 ms waiting for the impossible:\nseen: nothing/);
  });
});

describe('startSippPhone', () => {
  it('runs its MESSAGE, then answers an out-of-call MESSAGE with 202 until stopped', async () => {
    const uas = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
    });
    const phone = await startSippPhone({
      target: `${uas.host}:${uas.port}`,
      scenario: uacScenario([
        { method: 'MESSAGE', headers: ['Content-Type: text/plain'], body: 'hi', expect: 202 },
      ]),
    });
    try {
      await uas.waitForRequests(1);
      const raw = await rawSipClient();
      const answer = await raw
        .send(
          { host: phone.host, port: phone.port },
          {
            method: 'MESSAGE',
            uri: phone.uri('carol'),
            from: '<sip:dave@127.0.0.1>',
            to: `<${phone.uri('carol')}>`,
            body: 'reply',
          },
        )
        .finally(() => raw.close());
      expect(answer.status).toBe(202);
      expect((await phone.waitForRequests(1)).map((request) => request.body.trim())).toEqual(['reply']);
    } finally {
      await Promise.all([phone.stop(), uas.stop()]);
    }
  });
});
