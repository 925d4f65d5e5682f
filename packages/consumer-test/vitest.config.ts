import { defineConfig } from 'vitest/config';

// Each test runs npm install in a fresh project: allow for a cold npm cache.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 180_000 } });
