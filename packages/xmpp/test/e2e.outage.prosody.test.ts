import { createRouter, type DeliveryReport, type Logger, type SendResult } from '@messagesend/core';
import { type ProsodyPeer, runningPeers, startProsody } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { xmpp } from '../src/index.js';
import { cleanups, conf, relayTo, runCleanups, USERS, userOf } from './helpers.js';

afterEach(runCleanups);
afterAll(() => expect(runningPeers()).toEqual([]));

/** Prosody with offline storage: what it accepted survives its own crash and reaches bob later. */
async function prosody(): Promise<ProsodyPeer> {
  const peer = await startProsody({ users: USERS, modules: ['offline'] });
  cleanups.push(() => peer.stop());
  return peer;
}
function routerFor(server: ProsodyPeer, extra: Partial<Parameters<typeof xmpp>[0]> = {}) {
  const router = createRouter({
    techs: [xmpp({ config: conf(server), connectTimeoutMs: 5_000, reconnectDelayMs: 100, ...extra })],
  });
  cleanups.push(() => router.close());
  return router;
}

/** Bob logs in and collects what arrived, until all `expected` bodies are in and 300 ms pass quietly. */
async function arrivedAtBob(server: ProsodyPeer, expected: string[]): Promise<string[]> {
  const bob = await userOf(server, 'bob');
  const deadline = Date.now() + 20_000;
  let seen = -1;
  while (Date.now() < deadline) {
    const have = new Set(bob.bodies);
    if (bob.bodies.length === seen && expected.every((body) => have.has(body))) break;
    seen = bob.bodies.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return bob.bodies;
}

/** A router whose account was online, then lost its server: sends wait in the outage queue (no reconnect soon). */
async function reconnectingRouter(extra: Partial<Parameters<typeof xmpp>[0]>) {
  const server = await prosody();
  const router = routerFor(server, { ...extra, reconnectDelayMs: 60_000 });
  const first = await router.send(
    'xmpp:bob@localhost',
    { body: 'up' },
    { from: 'xmpp:alice', waitForDelivery: true },
  );
  expect(first.status, first.detail).toBe('SUCCESS');
  await server.kill();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return router;
}

/** A logger that keeps its messages, to see what the account did. */
function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const keep = (message: string): void => {
    messages.push(message);
  };
  return { messages, debug: keep, info: keep, warn: keep, error: keep };
}

/**
 * A router whose account reaches Prosody through a relay the test can hold or cut, online after one
 * delivered message; its logger keeps what the account said.
 */
async function relayedRouter(extra: Partial<Parameters<typeof xmpp>[0]> = {}) {
  const server = await prosody();
  const relay = await relayTo(server);
  const logger = recordingLogger();
  const router = createRouter({
    techs: [
      xmpp({
        config: conf({ ...server, port: relay.port }),
        connectTimeoutMs: 5_000,
        reconnectDelayMs: 100,
        logger,
        ...extra,
      }),
    ],
  });
  cleanups.push(() => router.close());
  const warm = await router.send(
    'xmpp:bob@localhost',
    { body: 'warm' },
    { from: 'xmpp:alice', waitForDelivery: true },
  );
  expect(warm.status, warm.detail).toBe('SUCCESS');
  return { server, relay, logger, router };
}

const FAILED = new Set(['rejected', 'error', 'not-sent']);

describe('xmpp: outages against a real Prosody', () => {
  it('Prosody killed during a burst of 1000 and restarted: nothing lost, nothing misreported', async () => {
    const server = await prosody();
    const router = routerFor(server);
    const warm = await router.send(
      'xmpp:bob@localhost',
      { body: 'warm' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(warm.status, warm.detail).toBe('SUCCESS');

    const bodies = Array.from({ length: 1000 }, (_, i) => `burst ${i}`);
    const results: SendResult[] = [];
    for (const [i, body] of bodies.entries()) {
      // Killed while the first 300 are written but not yet acknowledged; back after 600.
      if (i === 300) await server.kill();
      if (i === 600) await server.restart();
      results.push(
        await router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice', timeoutMs: 25_000 }),
      );
    }
    const reports: DeliveryReport[] = await Promise.all(results.map((result) => result.delivery));
    const reportedDelivered = bodies.filter((_, i) => reports[i]!.outcome === 'delivered');
    const received = await arrivedAtBob(server, reportedDelivered);
    const arrived = new Set(received);

    const figures = {
      sent: results.filter((result) => result.status === 'SUCCESS').length,
      refusedAtOnce: results.filter((result) => result.status === 'FAILURE').length,
      arrived: bodies.filter((body) => arrived.has(body)).length,
      // Routed by Prosody but not acknowledged before the crash, then resent: at least once.
      duplicates: received.length - arrived.size,
      reportedDelivered: reportedDelivered.length,
      reportedFailed: reports.filter((report) => FAILED.has(report.outcome)).length,
      reportedUnknown: reports.filter((report) => report.outcome === 'timeout').length,
      deliveredButMissing: reportedDelivered.filter((body) => !arrived.has(body)).length,
      arrivedButFailed: bodies.filter((body, i) => arrived.has(body) && FAILED.has(reports[i]!.outcome))
        .length,
    };
    console.info('outage burst figures', JSON.stringify(figures));
    expect(figures.deliveredButMissing).toBe(0);
    expect(figures.arrivedButFailed).toBe(0);
    // Resent after the restart within each send's bound: every message arrived and was acknowledged.
    expect(figures).toMatchObject({ sent: 1000, arrived: 1000, reportedDelivered: 1000 });
  });

  it('the outage queue: full is FAILURE XMPP_QUEUE_FULL at once; unsent at the bound is not-sent XMPP_NOT_CONNECTED', async () => {
    const router = await reconnectingRouter({ queueLimit: 3 });
    const held = [];
    for (const body of ['q1', 'q2', 'q3'])
      held.push(await router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice', timeoutMs: 400 }));
    const full = await router.send('xmpp:bob@localhost', { body: 'q4' }, { from: 'xmpp:alice' });
    expect(full).toMatchObject({ status: 'FAILURE', reason: 'XMPP_QUEUE_FULL' });
    expect(full.detail).toMatch(/3 messages/);
    for (const result of held) {
      expect(result.warnings.join()).toMatch(/queued/);
      expect(await result.delivery).toMatchObject({ outcome: 'not-sent', code: 'XMPP_NOT_CONNECTED' });
    }
  });

  it('queueLimit counts only sends waiting for the reconnect, not unacknowledged ones that will be resent', async () => {
    const server = await prosody();
    const relay = await relayTo(server);
    const router = createRouter({
      techs: [
        xmpp({
          config: conf({ ...server, port: relay.port }),
          connectTimeoutMs: 5_000,
          reconnectDelayMs: 60_000,
          queueLimit: 1,
        }),
      ],
    });
    cleanups.push(() => router.close());
    const options = { from: 'xmpp:alice', timeoutMs: 400 };
    const warm = await router.send(
      'xmpp:bob@localhost',
      { body: 'warm' },
      { ...options, waitForDelivery: true, timeoutMs: 5_000 },
    );
    expect(warm.status, warm.detail).toBe('SUCCESS');
    relay.state.holding = true; // written by the account, never acknowledged
    const unacked = await router.send('xmpp:bob@localhost', { body: 'in flight' }, options);
    expect(unacked.warnings).toEqual([]);
    relay.state.refusing = true;
    relay.cut();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the account sees the break
    const queued = await router.send('xmpp:bob@localhost', { body: 'queued' }, options);
    expect(queued.status, queued.detail).toBe('SUCCESS');
    expect(queued.warnings.join()).toMatch(/queued/);
    const full = await router.send('xmpp:bob@localhost', { body: 'one too many' }, options);
    expect(full).toMatchObject({ status: 'FAILURE', reason: 'XMPP_QUEUE_FULL' });
    expect(full.detail).toMatch(/^1 messages/);
    expect(await queued.delivery).toMatchObject({ outcome: 'not-sent', code: 'XMPP_NOT_CONNECTED' });
  });

  it('queueByteLimit: a send whose stanza would take the held bytes over it is FAILURE XMPP_QUEUE_FULL; a smaller one still waits', async () => {
    const router = await reconnectingRouter({ queueByteLimit: 600 });
    const options = { from: 'xmpp:alice', timeoutMs: 400 };
    // A stanza is about 120 bytes plus its body: 250 characters take about 370 of the 600.
    const big = await router.send('xmpp:bob@localhost', { body: 'b'.repeat(250) }, options);
    expect(big.status, big.detail).toBe('SUCCESS');
    const over = await router.send('xmpp:bob@localhost', { body: 'o'.repeat(250) }, options);
    expect(over).toMatchObject({ status: 'FAILURE', reason: 'XMPP_QUEUE_FULL' });
    expect(over.detail).toMatch(/1 messages \(\d+ bytes\).*600 bytes/);
    const small = await router.send('xmpp:bob@localhost', { body: 'small' }, options);
    expect(small.status, small.detail).toBe('SUCCESS');
    for (const result of [big, small]) {
      expect(result.warnings.join()).toMatch(/queued/);
      expect(await result.delivery).toMatchObject({ outcome: 'not-sent', code: 'XMPP_NOT_CONNECTED' });
    }
  });

  it('a network break with the server up: the session is resumed (XEP-0198), nothing lost, nothing twice', async () => {
    const { server, relay, logger, router } = await relayedRouter();

    const bodies = Array.from({ length: 200 }, (_, i) => `blip ${i}`);
    const results: SendResult[] = [];
    for (const body of bodies)
      results.push(
        await router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice', timeoutMs: 15_000 }),
      );
    relay.cut(); // before the first ack request (250 ms): the server has acknowledged none of them
    const reports = await Promise.all(results.map((result) => result.delivery));
    expect(reports.filter((report) => report.outcome === 'delivered')).toHaveLength(200);
    expect(logger.messages).toContain('xmpp session resumed');
    const received = await arrivedAtBob(server, bodies);
    expect(received.filter((body) => body.startsWith('blip '))).toEqual(bodies);
  });

  it('a server gone silent under steady traffic is noticed within ackTimeoutMs: the account reconnects and nothing is lost', async () => {
    const { server, relay, logger, router } = await relayedRouter({
      connectTimeoutMs: 2_000,
      ackRequestDelayMs: 100,
      ackTimeoutMs: 1_000,
    });

    // The relay swallows what we write and keeps the connection open: the server says nothing more.
    relay.state.holding = true;
    const bodies = Array.from({ length: 50 }, (_, i) => `steady ${i}`);
    const results: SendResult[] = [];
    for (const body of bodies) {
      results.push(
        await router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice', timeoutMs: 30_000 }),
      );
      // One every 50 ms: xmpp.js alone never asks (nor checks) while stanzas keep going out.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logger.messages).toContain('xmpp server silent after an ack request: reconnecting');
    const queued = results.filter((result) =>
      result.warnings?.some((warning) => warning.includes('reconnecting')),
    );
    expect(queued.length).toBeGreaterThan(0);
    relay.state.holding = false;
    const reports = await Promise.all(results.map((result) => result.delivery));
    // Every one, the message written as the stream was dropped included (its failed write kept it
    // out of xmpp.js's resend queue: the account resends it after resuming).
    expect(reports.filter((report) => report.outcome === 'delivered')).toHaveLength(50);
    const received = await arrivedAtBob(server, bodies);
    expect(new Set(received.filter((body) => body.startsWith('steady ')))).toEqual(new Set(bodies));
  });

  it('a message reported unknown during the break is not resent: the account starts a new session instead of resuming', async () => {
    const { server, relay, logger, router } = await relayedRouter();

    relay.state.holding = true; // written by the account, never reaches Prosody
    const lost = await router.send(
      'xmpp:bob@localhost',
      { body: 'held in the relay' },
      { from: 'xmpp:alice', timeoutMs: 600 },
    );
    expect(lost.status).toBe('SUCCESS');
    relay.state.refusing = true;
    relay.cut();
    expect(await lost.delivery).toMatchObject({ outcome: 'timeout', code: 'XMPP_OUTCOME_UNKNOWN' });

    relay.state.holding = false;
    relay.state.refusing = false;
    const after = await router.send(
      'xmpp:bob@localhost',
      { body: 'after the break' },
      { from: 'xmpp:alice', waitForDelivery: true, timeoutMs: 10_000 },
    );
    expect(after.status, after.detail).toBe('SUCCESS');
    // Resuming would have made xmpp.js resend the reported message: a new session was made instead.
    expect(logger.messages).not.toContain('xmpp session resumed');
    expect(await arrivedAtBob(server, ['warm', 'after the break'])).toEqual(['warm', 'after the break']);
  });
});
