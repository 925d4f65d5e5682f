import { describe, expect, it } from 'vitest';
import { createRouter, type MessageTech, parsed, Reason, TECH_API_VERSION } from '../src/index.js';
import { memoryTech } from '../src/testing/index.js';

function fakeTech(send: MessageTech['send'], name = 'fake'): MessageTech<string> {
  return { name, apiVersion: TECH_API_VERSION, parse: (d) => parsed(d), send };
}

describe('router.send dispatch rules', () => {
  it('an empty destination is INVALID_URI', async () => {
    const result = await createRouter({ techs: [memoryTech()] }).send('', { body: 'hi' });
    expect(result).toMatchObject({ status: 'INVALID_URI', reason: Reason.EmptyDestination });
    expect(await result.delivery).toMatchObject({ outcome: 'not-sent' });
  });

  it('an unknown prefix is INVALID_PROTOCOL and names what is registered', async () => {
    const result = await createRouter({ techs: [memoryTech()] }).send('fax:123', { body: 'hi' });
    expect(result).toMatchObject({ status: 'INVALID_PROTOCOL', reason: Reason.UnknownTech });
    expect(result.detail).toContain('memory');
  });

  it('matches the prefix case-insensitively', async () => {
    const tech = memoryTech();
    const result = await createRouter({ techs: [tech] }).send('MeMoRy:alice', { body: 'hi' });
    expect(result.status).toBe('SUCCESS');
    expect(tech.sent[0]?.address).toBe('alice');
  });

  it('a destination without ":" names the whole string as the technology (as Asterisk)', async () => {
    const router = createRouter({ techs: [memoryTech()] });
    expect((await router.send('memory', { body: 'hi' })).status).toBe('INVALID_URI');
    expect((await router.send('nothing', { body: 'hi' })).status).toBe('INVALID_PROTOCOL');
  });

  it('an unparsable rest is INVALID_URI with the parser message and offset', async () => {
    const result = await createRouter({ techs: [memoryTech()] }).send('memory:', { body: 'hi' });
    expect(result).toMatchObject({
      status: 'INVALID_URI',
      reason: Reason.DestinationUnparsable,
      tech: 'memory',
    });
    expect(result.detail).toMatch(/offset 7/);
  });

  it('passes message, from and to through untouched and records the send', async () => {
    const tech = memoryTech();
    const message = { body: 'héllo', from: 'a', to: 'b', contentType: 'text/plain', data: { 'X-A': '1' } };
    const result = await createRouter({ techs: [tech] }).send('memory:bob', message, { from: 'F', to: 'T' });
    expect(result).toMatchObject({ status: 'SUCCESS', tech: 'memory', warnings: [] });
    expect(tech.sent).toEqual([{ destination: 'memory:bob', address: 'bob', message, from: 'F', to: 'T' }]);
    expect(await result.delivery).toMatchObject({ outcome: 'delivered' });
  });

  it.each([
    [null, 'message must be an object'],
    [{}, 'message.body must be a string'],
    [{ body: 1 }, 'message.body must be a string'],
    [{ body: '', from: 3 }, 'message.from must be a string'],
    [{ body: '', data: { a: 1 } }, 'message.data["a"] must be a string'],
  ])('bad message %j is FAILURE INVALID_MESSAGE, never a throw', async (message, detail) => {
    const result = await createRouter({ techs: [memoryTech()] }).send('memory:x', message as never);
    expect(result).toMatchObject({ status: 'FAILURE', reason: Reason.InvalidMessage, detail });
  });

  it('bad options are FAILURE INVALID_MESSAGE', async () => {
    const router = createRouter({ techs: [memoryTech()] });
    const result = await router.send('memory:x', { body: '' }, { timeoutMs: -1 });
    expect(result).toMatchObject({ status: 'FAILURE', reason: Reason.InvalidMessage });
  });

  it('a dry run returns a preview, records nothing and reports not-sent', async () => {
    const tech = memoryTech();
    const result = await createRouter({ techs: [tech] }).send('memory:x', { body: 'b' }, { dryRun: true });
    expect(result.status).toBe('SUCCESS');
    expect(JSON.parse(result.preview!)).toMatchObject({ address: 'x', message: { body: 'b' } });
    expect(tech.sent).toHaveLength(0);
    expect(await result.delivery).toMatchObject({ outcome: 'not-sent', code: 'DRY_RUN' });
  });

  it('a technology FAILURE keeps its reason and reports not-sent', async () => {
    const tech = memoryTech({ fail: () => 'NO_ROUTE' });
    const result = await createRouter({ techs: [tech] }).send('memory:x', { body: '' });
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'NO_ROUTE', tech: 'memory' });
    expect(await result.delivery).toMatchObject({ outcome: 'not-sent', code: 'NO_ROUTE' });
  });

  it('a technology that throws (sync or async) is FAILURE TECH_THREW', async () => {
    const syncThrow = fakeTech(() => {
      throw new Error('boom');
    }, 'sync');
    const asyncThrow = fakeTech(async () => {
      throw new Error('later');
    }, 'async');
    const garbage = fakeTech(async () => 'nonsense' as never, 'garbage');
    const router = createRouter({ techs: [syncThrow, asyncThrow, garbage] });
    expect(await router.send('sync:x', { body: '' })).toMatchObject({
      status: 'FAILURE',
      reason: Reason.TechThrew,
    });
    const late = await router.send('async:x', { body: '' });
    expect(late).toMatchObject({ status: 'FAILURE', reason: Reason.TechThrew });
    expect(late.detail).toContain('later');
    expect(await router.send('garbage:x', { body: '' })).toMatchObject({ reason: Reason.TechThrew });
  });

  it('an outcome that throws when read is FAILURE TECH_THREW, not a rejected send', async () => {
    const hostile = fakeTech(async () => {
      const outcome = { status: 'SUCCESS' };
      Object.defineProperty(outcome, 'warnings', {
        get() {
          throw new Error('unreadable');
        },
      });
      return outcome as never;
    });
    const router = createRouter({ techs: [hostile] });
    const result = await router.send('fake:x', { body: '' });
    expect(result).toMatchObject({ status: 'FAILURE', reason: Reason.TechThrew });
    expect(result.detail).toContain('unreadable');
    expect(await result.delivery).toMatchObject({ outcome: 'not-sent', code: Reason.TechThrew });
    await router.close();
  });

  it('an abort after the send finished changes nothing and leaves no listener behind', async () => {
    const router = createRouter({ techs: [memoryTech()] });
    const controller = new AbortController();
    const result = await router.send('memory:x', { body: 'hi' }, { signal: controller.signal });
    expect(result.status).toBe('SUCCESS');
    controller.abort();
    expect(await result.delivery).toMatchObject({ outcome: 'delivered' });
    await router.close();
  });

  it('a send that never finishes is bounded: FAILURE TECH_TIMEOUT', async () => {
    const router = createRouter({ techs: [fakeTech(() => new Promise(() => {}))] });
    const started = Date.now();
    const result = await router.send('fake:x', { body: '' }, { timeoutMs: 50 });
    expect(result).toMatchObject({ status: 'FAILURE', reason: Reason.TechTimeout });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an abort during the send is FAILURE ABORTED', async () => {
    const router = createRouter({ techs: [fakeTech(() => new Promise(() => {}))] });
    const controller = new AbortController();
    const pending = router.send('fake:x', { body: '' }, { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ status: 'FAILURE', reason: Reason.Aborted });
  });

  it('a delivery report that never comes settles as timeout within the bound', async () => {
    const tech = fakeTech(async () => ({ status: 'SUCCESS', delivery: new Promise(() => {}) }));
    const result = await createRouter({ techs: [tech] }).send('fake:x', { body: '' }, { timeoutMs: 50 });
    expect(result.status).toBe('SUCCESS');
    expect(await result.delivery).toMatchObject({ outcome: 'timeout' });
  });

  it('a rejected delivery promise becomes outcome error, never a rejection', async () => {
    const tech = fakeTech(async () => ({
      status: 'SUCCESS',
      delivery: Promise.reject(new Error('socket closed')),
    }));
    const result = await createRouter({ techs: [tech] }).send('fake:x', { body: '' });
    expect(await result.delivery).toMatchObject({ outcome: 'error', detail: 'socket closed' });
  });

  it('a malformed delivery report becomes outcome error', async () => {
    const tech = fakeTech(async () => ({
      status: 'SUCCESS',
      delivery: Promise.resolve({ outcome: 'lost' } as never),
    }));
    const result = await createRouter({ techs: [tech] }).send('fake:x', { body: '' });
    expect(await result.delivery).toMatchObject({ outcome: 'error' });
  });

  it('waitForDelivery turns a rejected delivery into FAILURE DELIVERY_REJECTED', async () => {
    const tech = fakeTech(async () => ({
      status: 'SUCCESS',
      delivery: Promise.resolve({ outcome: 'rejected' as const, code: 404, detail: 'Not Found' }),
    }));
    const router = createRouter({ techs: [tech] });
    expect((await router.send('fake:x', { body: '' })).status).toBe('SUCCESS');
    const waited = await router.send('fake:x', { body: '' }, { waitForDelivery: true });
    expect(waited).toMatchObject({ status: 'FAILURE', reason: Reason.DeliveryRejected, detail: 'Not Found' });
    expect(await waited.delivery).toMatchObject({ outcome: 'rejected', code: 404 });
  });

  it('waitForDelivery on a silent delivery is FAILURE DELIVERY_TIMEOUT', async () => {
    const tech = fakeTech(async () => ({ status: 'SUCCESS', delivery: new Promise(() => {}) }));
    const router = createRouter({ techs: [tech] });
    const result = await router.send('fake:x', { body: '' }, { waitForDelivery: true, timeoutMs: 30 });
    expect(result).toMatchObject({ status: 'FAILURE', reason: Reason.DeliveryTimeout });
  });

  it('a send after close is FAILURE ROUTER_CLOSED', async () => {
    const router = createRouter({ techs: [memoryTech()] });
    await router.close();
    expect(await router.send('memory:x', { body: '' })).toMatchObject({
      status: 'FAILURE',
      reason: Reason.RouterClosed,
    });
  });

  it('hands the technology the send context', async () => {
    let seen: unknown;
    const tech = fakeTech(async (request, context) => {
      seen = { request, timeoutMs: context.timeoutMs, aborted: context.signal.aborted };
      return { status: 'SUCCESS' };
    });
    await createRouter({ techs: [tech], timeoutMs: 1234 }).send('fake:abc', { body: 'b' }, { from: 'f' });
    expect(seen).toEqual({
      request: {
        destination: 'fake:abc',
        target: 'fake:abc',
        message: { body: 'b' },
        from: 'f',
        to: undefined,
        dryRun: false,
      },
      timeoutMs: 1234,
      aborted: false,
    });
  });

  it('without a caller signal, 20,000 sends in flight share one signal that keeps no listener', async () => {
    const signals = new Set<AbortSignal>();
    const releases: (() => void)[] = [];
    const tech = fakeTech((_request, context) => {
      signals.add(context.signal);
      // What a technology forwarding the caller's abort does: on this signal it costs nothing.
      context.signal.addEventListener('abort', () => {});
      return new Promise((resolve) => releases.push(() => resolve({ status: 'SUCCESS' })));
    });
    const router = createRouter({ techs: [tech] });
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    const sends = Array.from({ length: 20_000 }, () => router.send('fake:x', { body: '' }));
    await new Promise((resolve) => setImmediate(resolve));
    for (const release of releases) release();
    const results = await Promise.all(sends);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(results.every((result) => result.status === 'SUCCESS')).toBe(true);
    expect(signals.size).toBe(1);
    expect([...signals][0]!.aborted).toBe(false);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it("a caller's signal reaches the technology as it is", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const tech = fakeTech(async (_request, context) => {
      seen = context.signal;
      return { status: 'SUCCESS' };
    });
    await createRouter({ techs: [tech] }).send('fake:x', { body: '' }, { signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });
});
