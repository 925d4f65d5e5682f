import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  headerValue,
  runSippUac,
  type SippPeer,
  startSippUas,
  uacScenario,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeConfigDir, type ServeProcess, startServe } from './serve-harness.js';

// `--grace` is one bound for the whole shutdown. A dialplan run still going (a Wait after its
// MessageSend) and sends with no answer from a silent UAS used to hold the exit up twice: the
// dialplan's drain took the grace, then the router's drain took a fresh one for the same sends.

const GRACE_MS = 3_000;
let silent: SippPeer;
let serve: ServeProcess;

beforeAll(async () => {
  // Receives MESSAGE, never answers: the dialplan's send stays in flight until shutdown.
  silent = await startSippUas({ scenario: uasScenario([{ request: 'MESSAGE' }]) });
  const config = await makeConfigDir(
    [
      '[alice]\ntype=endpoint\naors=alice\nmessage_context=messages\n\n[alice]\ntype=aor\nmax_contacts=1\n',
      `[silent]\ntype=endpoint\naors=silent\n\n[silent]\ntype=aor\ncontact=sip:silent@127.0.0.1:${silent.port}\n`,
    ].join('\n'),
  );
  writeFileSync(
    join(config.dir, 'extensions.conf'),
    '[messages]\nexten => 1000,1,MessageSend(pjsip:silent)\n same => n,Wait(5)\n same => n,Hangup()\n',
  );
  serve = await startServe(config, ['--grace', String(GRACE_MS)]);
});

afterAll(async () => {
  await serve?.process.stop();
  await silent?.stop();
});

it('SIGTERM during a dialplan run, with its MessageSend and an ARI send unanswered by a silent UAS: exit 0 within one grace (bound: under twice it)', async () => {
  const ariSend = fetch(
    `${serve.base}/ari/endpoints/PJSIP/silent/sendMessage?from=sip:ari@127.0.0.1&body=ari`,
    {
      method: 'PUT',
      headers: { authorization: serve.auth },
    },
  ).then(
    (response) => response.status,
    () => 0,
  );
  const sent = await runSippUac({
    scenario: uacScenario([
      {
        method: 'MESSAGE',
        requestUri: `sip:1000@127.0.0.1:${serve.sipPort}`,
        from: '<sip:alice@127.0.0.1>',
        to: `<sip:1000@127.0.0.1:${serve.sipPort}>`,
        headers: ['Content-Type: text/plain'],
        body: 'into the dialplan',
        expect: 202,
      },
    ]),
    target: `127.0.0.1:${serve.sipPort}`,
  });
  expect(sent.exit.code, sent.output).toBe(0);
  // Both MESSAGEs (the dialplan's and ARI's) are on the wire to the silent UAS.
  const calls = () => new Set(silent.requests().map((request) => headerValue(request, 'Call-ID'))).size;
  const deadline = Date.now() + 10_000;
  while (calls() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(calls()).toBe(2);
  const started = Date.now();
  process.kill(serve.process.pid, 'SIGTERM');
  const exit = await serve.process.exited;
  const took = Date.now() - started;
  expect(exit.code, serve.process.output()).toBe(0);
  // The ARI send was accepted, then settled by the shutdown.
  expect(await ariSend).toBe(202);
  // The dialplan had the whole grace (the run is cut at its end, not before) ...
  expect(took).toBeGreaterThanOrEqual(GRACE_MS - 100);
  // ... and the technologies' close got what was left of it, not a grace of their own.
  expect(took, serve.process.output()).toBeLessThan(2 * GRACE_MS);
  expect(serve.process.output()).toMatch(/"msg":"gateway stopped"/);
});
