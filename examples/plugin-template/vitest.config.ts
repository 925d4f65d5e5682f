import { defineConfig } from 'vitest/config';

// test-node/ holds the same compliance kit under node:test (`npm run test:node`).
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
