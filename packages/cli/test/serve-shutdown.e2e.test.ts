import { headerValue, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ARI_PASSWORD, ARI_USER, makeConfigDir, type ServeProcess, startServe } from './serve-harness.js';

const IN_FLIGHT = 12;
let silent: SippPeer;
let serve: ServeProcess;

beforeAll(async () => {
  // A UAS that receives MESSAGE and never answers: every send stays in flight.
  silent = await startSippUas({ scenario: uasScenario([{ request: 'MESSAGE' }]) });
  const config = await makeConfigDir(
    `[silent]\ntype=endpoint\naors=silent\n\n[silent]\ntype=aor\ncontact=sip:silent@127.0.0.1:${silent.port}\n`,
  );
  serve = await startServe(config, ['--grace', '1000']);
});

afterAll(async () => {
  await serve?.process.stop();
  await silent?.stop();
});

it('SIGTERM with sends in flight: every send settles (its delivery event arrives) and the process exits 0 within the bound', async () => {
  const socket = new WebSocket(
    `ws://127.0.0.1:${serve.httpPort}/ari/events?app=watch&api_key=${ARI_USER}:${ARI_PASSWORD}`,
  );
  const reports: { delivery: { outcome: string; message_id: string } }[] = [];
  socket.on('message', (data) => {
    const event = JSON.parse(String(data));
    if (event.type === 'MessageDeliveryReport') reports.push(event);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  const subscribed = await fetch(
    `${serve.base}/ari/applications/watch/subscription?eventSource=endpoint:PJSIP/silent`,
    {
      method: 'POST',
      headers: { authorization: serve.auth },
    },
  );
  expect(subscribed.status).toBe(200);
  // Fewer than sip-ua's initial pacing window (16 per destination): every send is on the wire, none queued.
  const sends = Array.from({ length: IN_FLIGHT }, (_, i) =>
    fetch(`${serve.base}/ari/endpoints/PJSIP/silent/sendMessage?from=sip:ari@127.0.0.1&body=n${i}`, {
      method: 'PUT',
      headers: { authorization: serve.auth },
    }).then(
      async (response) => ({ status: response.status, id: response.headers.get('x-message-id') }),
      (error: Error) => ({ status: 0, id: error.message }),
    ),
  );
  // Retransmissions are requests too: wait for IN_FLIGHT distinct calls.
  const calls = () => new Set(silent.requests().map((request) => headerValue(request, 'Call-ID'))).size;
  const deadline = Date.now() + 10_000;
  while (calls() < IN_FLIGHT && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(calls()).toBe(IN_FLIGHT);
  const started = Date.now();
  process.kill(serve.process.pid, 'SIGTERM');
  const exit = await serve.process.exited;
  const answers = await Promise.all(sends);
  expect(exit.code, serve.process.output()).toBe(0);
  expect(Date.now() - started).toBeLessThan(8_000);
  // Nothing dropped: each send was accepted (202), then settled by shutdown, and said so.
  expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 202));
  const settled = new Map(reports.map((report) => [report.delivery.message_id, report.delivery.outcome]));
  for (const answer of answers) {
    expect(settled.get(String(answer.id))).toBeDefined();
    expect(settled.get(String(answer.id))).not.toBe('delivered');
  }
  expect(serve.process.output()).toMatch(/"msg":"gateway stopped"/);
});
