import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  headerValue,
  pollUntil,
  type RedisPeer,
  registerScenario,
  runSippUac,
  type SippPeer,
  startRedis,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amiSession, makeConfigDir, type ServeProcess, spawnServe, startServe } from './serve-harness.js';

let redis: RedisPeer;
let phone: SippPeer;
let one: ServeProcess;
let two: ServeProcess;
let amiPort: number;

/** A phone whose registration may last one second, to see it expire. */
const SHORT_PHONE =
  '[brief]\ntype=endpoint\naors=brief\n\n[brief]\ntype=aor\nmax_contacts=1\nminimum_expiration=1\n';

const endpointState = async (serve: ServeProcess, name: string) =>
  ((await (await ari(serve, 'GET', `/endpoints/PJSIP/${name}`)).json()) as { state: string }).state;

const ari = (serve: ServeProcess, method: string, path: string) =>
  fetch(`${serve.base}/ari${path}`, {
    method,
    headers: { authorization: serve.auth, 'content-type': 'application/json' },
  });

const until = <T>(what: string, probe: () => Promise<T | undefined>) =>
  pollUntil(what, probe, { timeoutMs: 15_000, intervalMs: 100 });

/** The delivery report by id, once it is final (bounded). */
const finalReport = (serve: ServeProcess, id: string) =>
  until(`a final report on ${serve.base}`, async () => {
    const response = await ari(serve, 'GET', `/messagesend/deliveries/${id}`);
    if (response.status !== 200) return undefined;
    const record = (await response.json()) as Record<string, unknown>;
    return record.outcome === 'pending' ? undefined : record;
  });

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  phone = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }]),
  });
  one = await startServe(await makeConfigDir(SHORT_PHONE), ['--redis', redis.url]);
  // The second one reads the URL from the environment variable, as a service unit would.
  const config = await makeConfigDir(SHORT_PHONE);
  amiPort = await freePort('127.0.0.1');
  writeFileSync(
    join(config.dir, 'manager.conf'),
    `[general]\nenabled=yes\nport=${amiPort}\nbindaddr=127.0.0.1\n\n[admin]\nsecret=ami-secret-5\nread=all\nwrite=all\n`,
  );
  const previous = process.env.MESSAGESEND_REDIS_URL;
  process.env.MESSAGESEND_REDIS_URL = redis.url;
  try {
    two = await startServe(config);
  } finally {
    if (previous === undefined) delete process.env.MESSAGESEND_REDIS_URL;
    else process.env.MESSAGESEND_REDIS_URL = previous;
  }
}, 60_000);

afterAll(async () => {
  await one?.process.stop();
  await two?.process.stop();
  await phone?.stop();
  await redis?.stop();
});

describe('messagesend serve --redis: two gateway processes on one real redis-server', () => {
  it('a phone registered to the first is reached by an ARI send on the second; either reads the report', async () => {
    const registered = await runSippUac({
      scenario: registerScenario({ aor: 'sip:phone@127.0.0.1', contact: phone.uri('phone'), expires: 300 }),
      target: `127.0.0.1:${one.sipPort}`,
    });
    expect(registered.exit.code, registered.output).toBe(0);
    // The second process learns of the REGISTER through Redis: its ARI shows the phone online.
    await until('the phone online on the second process', async () => {
      const endpoint = (await (await ari(two, 'GET', '/endpoints/PJSIP/phone')).json()) as { state: string };
      return endpoint.state === 'online' ? true : undefined;
    });

    const response = await ari(two, 'PUT', '/endpoints/sendMessage?to=pjsip:phone&body=via%20redis');
    expect(response.status).toBe(202);
    const id = response.headers.get('x-message-id');
    expect(id).toMatch(/^m[0-9a-f]{32}$/);

    const report = await finalReport(one, id!);
    expect(report).toMatchObject({
      message_id: id,
      destination: 'pjsip:phone',
      outcome: 'delivered',
      state: 'delivered',
      attempts: 1,
    });
    expect(await finalReport(two, id!)).toEqual(report);
    const messages = phone.requests().filter((request) => request.firstLine.startsWith('MESSAGE'));
    expect(messages.map((request) => request.body)).toEqual(['via redis']);
    // The queue id is the message's identity on the wire (its Call-ID), the same on a retry.
    expect(headerValue(messages[0]!, 'Call-ID')).toBe(id);
  });

  it('AMI MessageSend on the second process goes through the queue to the phone registered to the first', async () => {
    const before = phone.requests().filter((request) => request.firstLine.startsWith('MESSAGE')).length;
    const text = await amiSession(
      amiPort,
      [
        'Action: Login\r\nUsername: admin\r\nSecret: ami-secret-5\r\nActionID: 1\r\n\r\n',
        'Action: MessageSend\r\nDestination: pjsip:phone\r\nBody: over AMI\r\nActionID: 2\r\n\r\n',
        'Action: MessageSend\r\nDestination: nope:phone\r\nBody: x\r\nActionID: 3\r\n\r\n',
      ],
      /ActionID: 3[\s\S]*\r\n\r\n/,
    );
    expect(text).toMatch(/Response: Success\r\nActionID: 2\r\nMessage: Message successfully sent/);
    expect(text).toMatch(/Response: Error\r\nActionID: 3/);
    await until('the AMI message at the phone', async () => {
      const bodies = phone
        .requests()
        .filter((request) => request.firstLine.startsWith('MESSAGE'))
        .map((request) => request.body);
      return bodies.length > before ? bodies : undefined;
    });
    const last = phone.requests().filter((request) => request.firstLine.startsWith('MESSAGE'));
    expect(last.map((request) => request.body).slice(before)).toEqual(['over AMI']);
  });

  it('a registration expiring on the first is seen by the second: offline, and a send fails PJSIP_NO_CONTACT', async () => {
    const registered = await runSippUac({
      scenario: registerScenario({ aor: 'sip:brief@127.0.0.1', contact: phone.uri('brief'), expires: 2 }),
      target: `127.0.0.1:${one.sipPort}`,
    });
    expect(registered.exit.code, registered.output).toBe(0);
    await until('brief online on the second', async () =>
      (await endpointState(two, 'brief')) === 'online' ? true : undefined,
    );
    await until('brief offline on the second', async () =>
      (await endpointState(two, 'brief')) === 'offline' ? true : undefined,
    );
    expect(await endpointState(one, 'brief')).toBe('offline');
    const response = await ari(two, 'PUT', '/endpoints/sendMessage?to=pjsip:brief&body=late');
    expect(response.status).toBe(202);
    expect(await finalReport(one, response.headers.get('x-message-id')!)).toMatchObject({
      state: 'failed',
      reason: 'PJSIP_NO_CONTACT',
    });
  });

  it('an unknown technology is 404 at once; an unknown or malformed id is 404', async () => {
    const refused = await ari(two, 'PUT', '/endpoints/sendMessage?to=nosuchtech:bob&body=x');
    expect(refused.status).toBe(404);
    for (const id of [`m${'0'.repeat(32)}`, 'not-an-id', '%00', 'x'.repeat(300)]) {
      const response = await ari(one, 'GET', `/messagesend/deliveries/${id}`);
      expect(response.status, id).toBe(404);
    }
    // Bytes that are not UTF-8 never reach the queue: the HTTP layer answers 400.
    expect((await ari(one, 'GET', '/messagesend/deliveries/%ff%fe')).status).toBe(400);
  });

  it('a send to a phone that is not registered gets a final failed report, not a silent drop', async () => {
    const response = await ari(one, 'PUT', '/endpoints/sendMessage?to=pjsip:sender&body=nobody');
    expect(response.status).toBe(202);
    const report = await finalReport(two, response.headers.get('x-message-id')!);
    expect(report).toMatchObject({ state: 'failed', reason: 'PJSIP_NO_CONTACT' });
  });

  it('exports the queue metrics next to the gateway metrics', async () => {
    const text = await (await fetch(`${one.base}/metrics`)).text();
    expect(text).toMatch(/^messagesend_queue_depth\{state="completed"\} \d+$/m);
    expect(text).toMatch(/^messagesend_queue_events\{event="enqueued"\} \d+$/m);
    expect(text).toContain('messagesend_sends_total');
  });

  it('SIGTERM: both close the queue and the stores and exit 0', async () => {
    expect(await one.process.stop()).toEqual({ code: 0, signal: null });
    expect(await two.process.stop()).toEqual({ code: 0, signal: null });
    expect(one.process.output()).not.toMatch(/"level":(50|60)/);
  });
});

describe('messagesend serve --redis with no Redis there', () => {
  it('fails fast: a clear error, exit code 1, the password never printed', async () => {
    const config = await makeConfigDir();
    const started = Date.now();
    const serve = spawnServe(config, ['--redis', 'redis://:hunter2-secret@127.0.0.1:1']);
    const exit = await Promise.race([
      serve.exited,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20_000)),
    ]);
    if (!exit) await serve.kill();
    expect(exit).toEqual({ code: 1, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(serve.output()).toContain(
      'messagesend serve: ERR_MSG_REDIS_UNREACHABLE: Redis at redis://127.0.0.1:1',
    );
    expect(serve.output()).not.toContain('hunter2');
    // Nothing was left listening: the config's HTTP port is free again.
    await expect(fetch(`http://127.0.0.1:${config.httpPort}/readyz`)).rejects.toThrow();
  });

  it('a URL that is not redis:// is a usage error (exit 2)', async () => {
    const config = await makeConfigDir();
    const serve = spawnServe(config, ['--redis', 'http://127.0.0.1:6379']);
    expect(await serve.exited).toEqual({ code: 2, signal: null });
    expect(serve.output()).toContain('--redis takes a redis:// or rediss:// URL');
  });
});

describe('messagesend serve --redis while Redis is away', () => {
  it('sends answer 503 REDIS_UNAVAILABLE, reports 503, /metrics still answers; all within bounds, then it recovers', async () => {
    const server = await startRedis({ appendonly: true });
    const serve = await startServe(await makeConfigDir(), ['--redis', server.url]);
    try {
      expect((await fetch(`${serve.base}/metrics`)).status).toBe(200);
      await server.shutdown();

      let started = Date.now();
      const refused = await ari(serve, 'PUT', '/endpoints/sendMessage?to=pjsip:sender&body=while%20away');
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ code: 'ARI_QUEUE_REFUSED', reason: 'REDIS_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(10_000);

      started = Date.now();
      const report = await ari(serve, 'GET', `/messagesend/deliveries/m${'1'.repeat(32)}`);
      expect(report.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(10_000);

      started = Date.now();
      const metrics = await fetch(`${serve.base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('messagesend_queue_depth');
      expect(Date.now() - started).toBeLessThan(10_000);

      await server.restart();
      const accepted = await until('a send accepted again', async () => {
        const response = await ari(serve, 'PUT', '/endpoints/sendMessage?to=pjsip:sender&body=back');
        return response.status === 202 ? response : undefined;
      });
      expect(await finalReport(serve, accepted.headers.get('x-message-id')!)).toMatchObject({
        state: 'failed',
        reason: 'PJSIP_NO_CONTACT',
      });
      expect(await serve.process.stop()).toEqual({ code: 0, signal: null });
    } finally {
      await serve.process.stop();
      await server.stop();
    }
  }, 60_000);
});
