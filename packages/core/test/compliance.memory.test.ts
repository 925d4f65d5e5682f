import { describe, it } from 'vitest';
import { memoryTech, techComplianceSuite } from '../src/testing/index.js';

techComplianceSuite(
  { describe, it },
  {
    create: () =>
      memoryTech({ fail: (destination) => (destination.endsWith(':unreachable') ? 'NO_ROUTE' : undefined) }),
    valid: ['memory:alice', 'memory:x:y@z', 'MEMORY:bob'],
    invalid: ['memory:', 'memory'],
    deliverable: { destination: 'memory:alice', message: { body: 'hello' } },
    undeliverable: { destination: 'memory:unreachable', message: { body: 'hello' } },
    secret: { destination: 'memory:user:hunter2@host', secret: 'hunter2' },
  },
);
