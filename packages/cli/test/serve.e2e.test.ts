import {
  pollUntil,
  registerScenario,
  runSippUac,
  type SippPeer,
  sendSippMessage,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';
// @ts-expect-error ari-client ships no types
import ari from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ARI_PASSWORD,
  ARI_USER,
  makeConfigDir,
  type ServeProcess,
  startServe,
  VIEWER_PASSWORD,
} from './serve-harness.js';

let serve: ServeProcess;
let phone: SippPeer;

const put = (path: string, init: RequestInit = {}) =>
  fetch(`${serve.base}${path}`, {
    method: 'PUT',
    ...init,
    headers: { authorization: serve.auth, ...init.headers },
  });

/** A SIPp UAC sends one MESSAGE in as `sender`; the gateway's answer must be `expect`. */
const messageIn = (body: string, expect: number) =>
  sendSippMessage({
    target: `127.0.0.1:${serve.sipPort}`,
    to: `sip:gateway@127.0.0.1:${serve.sipPort}`,
    from: '<sip:sender@127.0.0.1>',
    headers: ['X-Ticket: 42'],
    body,
    expect,
  });

/** A WebSocket on /ari/events that collects the events it gets. */
async function eventSocket(app: string): Promise<{ socket: WebSocket; events: Record<string, unknown>[] }> {
  const socket = new WebSocket(
    `ws://127.0.0.1:${serve.httpPort}/ari/events?app=${app}&api_key=${ARI_USER}:${ARI_PASSWORD}`,
  );
  const events: Record<string, unknown>[] = [];
  socket.on('message', (data) => events.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, events };
}

const until = <T>(what: string, check: () => T | undefined) =>
  pollUntil(what, check, { timeoutMs: 10_000, intervalMs: 50 });

/** GET the extension's delivery report until it is no longer pending (bounded). */
async function pollDelivery(messageId: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const response = await fetch(`${serve.base}/ari/messagesend/deliveries/${messageId}`, {
      headers: { authorization: serve.auth },
    });
    const got = (await response.json()) as Record<string, unknown>;
    if (got.outcome !== 'pending' || Date.now() > deadline) return got;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  phone = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }]),
  });
  serve = await startServe(await makeConfigDir());
});

afterAll(async () => {
  await serve?.process.stop();
  await phone?.stop();
});

describe('messagesend serve (subprocess, real peers)', () => {
  it('a SIPp phone registers, then ARI sendMessage to pjsip:phone reaches it', async () => {
    const before = await (
      await fetch(`${serve.base}/ari/endpoints/PJSIP/phone`, { headers: { authorization: serve.auth } })
    ).json();
    expect(before).toEqual({ technology: 'PJSIP', resource: 'phone', state: 'offline', channel_ids: [] });
    const registered = await runSippUac({
      scenario: registerScenario({ aor: 'sip:phone@127.0.0.1', contact: phone.uri('phone'), expires: 300 }),
      target: `127.0.0.1:${serve.sipPort}`,
    });
    expect(registered.exit.code, registered.output).toBe(0);
    const after = (await (
      await fetch(`${serve.base}/ari/endpoints/PJSIP/phone`, { headers: { authorization: serve.auth } })
    ).json()) as { state: string };
    expect(after.state).toBe('online');

    const response = await put(
      '/ari/endpoints/sendMessage?to=pjsip:phone&from=sip:ari@127.0.0.1&body=hello%20phone',
      {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variables: { 'X-Order': '7' } }),
      },
    );
    expect(response.status).toBe(202);
    const messageId = response.headers.get('x-message-id');
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
    const [request] = await phone.waitForRequests(1);
    expect(request?.body).toContain('hello phone');
    expect(request?.raw).toMatch(/X-Order: 7/);
    const report = await pollDelivery(String(messageId));
    expect(report).toMatchObject({
      message_id: messageId,
      destination: 'pjsip:phone',
      outcome: 'delivered',
      code: 200,
    });
  });

  it('the resource form sends to lowercase(tech):resource; unknown endpoint and technology are 404, missing to is 400', async () => {
    expect((await put('/ari/endpoints/PJSIP/nobody/sendMessage?from=x&body=y')).status).toBe(404);
    expect((await put('/ari/endpoints/sendMessage?to=nosuchtech:bob&body=y')).status).toBe(404);
    const missing = await put('/ari/endpoints/sendMessage?body=y');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ message: 'To must be specified' });
    const badVariable = await put('/ari/endpoints/sendMessage?to=pjsip:phone', {
      headers: { 'content-type': 'application/json' },
      body: '{"variables":{"n":1}}',
    });
    expect(badVariable.status).toBe(400);
  });

  it('a SIPp UAC sends a MESSAGE in and a WebSocket client gets TextMessageReceived', async () => {
    const { socket, events } = await eventSocket('inbox');
    try {
      // Nobody subscribed yet: the technology answers as without a gateway (404).
      expect((await messageIn('unseen', 404)).exit.code).toBe(0);
      const subscribed = await fetch(
        `${serve.base}/ari/applications/inbox/subscription?eventSource=endpoint:PJSIP/sender`,
        {
          method: 'POST',
          headers: { authorization: serve.auth },
        },
      );
      expect(subscribed.status).toBe(200);
      expect(((await subscribed.json()) as { endpoint_ids: string[] }).endpoint_ids).toEqual([
        'PJSIP/sender',
      ]);
      const sent = await messageIn('hello gateway', 202);
      expect(sent.exit.code, sent.output).toBe(0);
      const event = await until('TextMessageReceived', () =>
        events.find((e) => e.type === 'TextMessageReceived'),
      );
      expect(event).toMatchObject({
        type: 'TextMessageReceived',
        application: 'inbox',
        endpoint: { technology: 'PJSIP', resource: 'sender', state: 'offline', channel_ids: [] },
        message: { body: 'hello gateway', variables: { 'X-Ticket': '42' } },
      });
      expect(String((event.message as { from: string }).from)).toContain('sender');
      expect(String(event.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    } finally {
      socket.close();
    }
  });

  it('the npm ari-client connects, sends with endpoints.sendMessage and gets TextMessageReceived via start(app)', async () => {
    const client = await ari.connect(serve.base, ARI_USER, ARI_PASSWORD);
    const received = new Promise<{ event: Record<string, unknown>; endpoint: { resource: string } }>(
      (resolve) =>
        client.on('TextMessageReceived', (event: Record<string, unknown>, endpoint: { resource: string }) =>
          resolve({ event, endpoint }),
        ),
    );
    await client.start('ariclient');
    try {
      const info = await client.asterisk.getInfo();
      expect(info.system.version).toMatch(/^messagesend /);
      const endpoints = await client.endpoints.list();
      expect(endpoints.map((e: { resource: string }) => e.resource).sort()).toEqual(['phone', 'sender']);
      await client.applications.subscribe({ applicationName: 'ariclient', eventSource: 'endpoint:PJSIP' });
      await client.endpoints.sendMessage({
        to: 'pjsip:phone',
        from: 'sip:ari-client@127.0.0.1',
        body: 'from ari-client',
      });
      // ari-client puts a `variables` body in swagger's `body` option, which is also the name of
      // sendMessage's body query parameter: with variables the text is lost (the same against
      // Asterisk). So the variables go in a call of their own.
      await client.endpoints.sendMessage({
        to: 'pjsip:phone',
        from: 'sip:ari-client@127.0.0.1',
        variables: { 'X-Via': 'ari-client' },
      });
      const requests = await phone.waitForRequests(3);
      expect(requests.some((request) => request.body.includes('from ari-client'))).toBe(true);
      expect(requests.some((request) => /X-Via: ari-client/.test(request.raw))).toBe(true);
      expect((await messageIn('to ari-client', 202)).exit.code).toBe(0);
      const { event, endpoint } = await received;
      expect(event.application).toBe('ariclient');
      expect((event.message as { body: string }).body).toBe('to ari-client');
      expect(endpoint.resource).toBe('sender');
      await expect(
        client.endpoints.sendMessage({ to: 'pjsip:nobody', from: 'x', body: 'y' }),
      ).rejects.toThrow();
    } finally {
      await client.stop();
    }
  });

  it('auth as Asterisk: 401 without credentials (HTTP and WebSocket), 403 for read_only writes, replayed wrong password refused', async () => {
    expect((await fetch(`${serve.base}/ari/endpoints`)).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${ARI_USER}:nope`).toString('base64')}`;
    for (let i = 0; i < 3; i++)
      expect((await fetch(`${serve.base}/ari/endpoints`, { headers: { authorization: wrong } })).status).toBe(
        401,
      );
    expect((await fetch(`${serve.base}/ari/endpoints?api_key=viewer:${VIEWER_PASSWORD}`)).status).toBe(200);
    expect(
      (
        await fetch(
          `${serve.base}/ari/endpoints/sendMessage?to=pjsip:phone&api_key=viewer:${VIEWER_PASSWORD}`,
          { method: 'PUT' },
        )
      ).status,
    ).toBe(403);
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${serve.httpPort}/ari/events?app=x`);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => {});
    });
    expect(status).toBe(401);
  });

  it('bad input: malformed HTTP, oversized and non-JSON bodies, unknown paths get 4xx and the process stays up', async () => {
    const net = await import('node:net');
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(serve.httpPort, '127.0.0.1', () => socket.write('\x00\x01garbage\r\n\r\n'));
      let text = '';
      socket.on('data', (data) => (text += data));
      socket.on('close', () => resolve(text));
      socket.setTimeout(5_000, () => socket.destroy());
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    const big = await put('/ari/endpoints/sendMessage?to=pjsip:phone', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { x: 'a'.repeat(200_000) } }),
    });
    expect(big.status).toBe(413);
    const notJson = await put('/ari/endpoints/sendMessage?to=pjsip:phone&body=text', {
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    const notJsonElsewhere = await fetch(
      `${serve.base}/ari/applications/x/subscription?eventSource=endpoint:`,
      {
        method: 'POST',
        headers: { authorization: serve.auth, 'content-type': 'application/json' },
        body: '{not json',
      },
    );
    expect(notJsonElsewhere.status).toBe(400);
    const form = await put('/ari/endpoints/sendMessage?to=pjsip:phone', {
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(form.status).toBe(415);
    expect(
      (await fetch(`${serve.base}/ari/nothing/here`, { headers: { authorization: serve.auth } })).status,
    ).toBe(404);
    expect((await fetch(`${serve.base}/ari/nothing/here`)).status).toBe(401);
    expect((await fetch(`${serve.base}/nothing`)).status).toBe(404);
    expect((await fetch(`${serve.base}/livez`)).status).toBe(200);
    expect(serve.process.hasExited).toBe(false);
  });

  it('GET /metrics counts sends by tech and status, deliveries, inbound by disposition, online endpoints', async () => {
    const text = await (await fetch(`${serve.base}/metrics`)).text();
    expect(text).toMatch(/messagesend_sends_total\{tech="pjsip",status="SUCCESS"\} [1-9]/);
    expect(text).toMatch(/messagesend_deliveries_total\{tech="pjsip",outcome="delivered"\} [1-9]/);
    expect(text).toMatch(/messagesend_inbound_total\{tech="pjsip",disposition="ari"\} [1-9]/);
    expect(text).toMatch(/messagesend_inbound_total\{tech="pjsip",disposition="declined"\} [1-9]/);
    expect(text).toMatch(/messagesend_registered_endpoints 1/);
    expect(text).toMatch(/messagesend_send_duration_seconds_bucket/);
  });

  it('logs are pino JSON lines and never carry a password', () => {
    const output = serve.process.output();
    expect(output).toMatch(/"msg":"gateway started"/);
    expect(output).not.toContain(ARI_PASSWORD);
    expect(output).not.toContain(VIEWER_PASSWORD);
  });
});
