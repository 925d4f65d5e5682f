// The library loop that `messagesend send --each FILE --wait` is compared with: the same pjsip.conf
// and destination file, router.send() with waitForDelivery from `concurrency` workers, as a user's
// script would write it. Run as its own process (like the CLI) so start-up counts on both sides.
// Usage: node bulk-library-loop.mjs CONFIG_DIR EACH_FILE CONCURRENCY BODY
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';

const [configDir, eachFile, concurrencyText, body] = process.argv.slice(2);
const configFile = join(configDir, 'pjsip.conf');
const router = createRouter({ techs: [pjsip({ config: readFileSync(configFile, 'utf8'), configFile })] });
const destinations = readFileSync(eachFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

let next = 0;
let succeeded = 0;
let failed = 0;
async function worker() {
  while (next < destinations.length) {
    const destination = destinations[next++];
    const result = await router.send(destination, { body }, { waitForDelivery: true });
    const report = result.status === 'SUCCESS' ? await result.delivery : undefined;
    if (report?.outcome === 'delivered') succeeded++;
    else failed++;
  }
}
await Promise.all(Array.from({ length: Math.min(Number(concurrencyText), destinations.length) }, worker));
await router.close();
process.stdout.write(`${succeeded} succeeded, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
