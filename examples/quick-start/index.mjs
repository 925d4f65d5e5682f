// The README's main job on an embedded default: one router, the in-memory technology, one send.
import { createRouter } from '@messagesend/core';
import { memoryTech } from '@messagesend/core/testing';

const memory = memoryTech();
const router = createRouter({ techs: [memory] });

const preview = await router.send('memory:alice', { body: 'dry run first' }, { from: 'bob', dryRun: true });
console.log('dry run   :', preview.status, preview.preview);

const result = await router.send('memory:alice', { body: 'Hello from messagesend' }, { from: 'bob' });
const report = await result.delivery;
console.log('send      :', result.status, `(tech ${result.tech})`);
console.log('delivery  :', report.outcome, `in ${report.elapsedMs.toFixed(3)} ms`);
console.log('recorded  :', JSON.stringify(memory.sent));

const unknown = await router.send('fax:+15551234', { body: 'nobody handles fax' });
console.log('unknown   :', unknown.status, unknown.reason, '-', unknown.detail);

await router.close();
if (result.status !== 'SUCCESS' || report.outcome !== 'delivered' || unknown.status !== 'INVALID_PROTOCOL') {
  process.exitCode = 1;
}
