import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { requireCommand, runningPeers, startRedis } from '../src/index.js';

afterAll(() => {
  expect(runningPeers()).toEqual([]);
});

const cli = (port: number, ...args: string[]) =>
  execFileSync(requireCommand('redis-cli'), ['-p', String(port), ...args], { encoding: 'utf8' }).trim();

describe('startRedis: Debian redis-server in the foreground', () => {
  it('answers on its free loopback port; without appendonly, a restart starts empty', async () => {
    const redis = await startRedis();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(cli(redis.port, 'SET', 'k', 'v')).toBe('OK');
      expect(cli(redis.port, 'CONFIG', 'GET', 'appendonly')).toContain('no');
      await redis.restart();
      expect(cli(redis.port, 'GET', 'k')).toBe('');
    } finally {
      await redis.stop();
    }
  });

  it('with appendonly (appendfsync always) an acknowledged write survives kill -9', async () => {
    const redis = await startRedis({ appendonly: true });
    try {
      expect(cli(redis.port, 'CONFIG', 'GET', 'appendfsync')).toContain('always');
      expect(cli(redis.port, 'SET', 'kept', 'yes')).toBe('OK');
      await redis.kill();
      expect(redis.running).toBe(false);
      await redis.restart();
      expect(cli(redis.port, 'GET', 'kept')).toBe('yes');
    } finally {
      await redis.stop();
    }
  });
});
