import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Fault tests start redis-server, SIPp and worker processes: one file at a time on a loaded machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000, fileParallelism: false },
});
