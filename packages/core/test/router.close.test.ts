import { describe, expect, it } from 'vitest';
import {
  createRouter,
  type DeliveryReport,
  type MessageTech,
  parsed,
  Reason,
  TECH_API_VERSION,
  type TechCloseOptions,
  whenDeadlineEnds,
} from '../src/index.js';

function fakeTech(send: MessageTech['send'], close?: MessageTech['close']): MessageTech<string> {
  return {
    name: 'fake',
    apiVersion: TECH_API_VERSION,
    parse: (d) => parsed(d),
    send,
    ...(close ? { close } : {}),
  };
}

const later = <T>(ms: number, value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('router.close() flushes what it accepted', () => {
  it('waits for a delivery report still on its way, then closes the technology', async () => {
    const events: string[] = [];
    const tech = fakeTech(
      async () => ({
        status: 'SUCCESS',
        delivery: later(20, { outcome: 'delivered' as const, code: 202 }).then((report) => {
          events.push('delivered');
          return report;
        }),
      }),
      async () => {
        events.push('tech closed');
      },
    );
    const router = createRouter({ techs: [tech] });
    const result = await router.send('fake:x', { body: '' });
    await router.close();
    expect(events).toEqual(['delivered', 'tech closed']);
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 202 });
  });

  it('a send whose status is not known yet is waited for too', async () => {
    const tech = fakeTech(() => later(20, { status: 'SUCCESS' as const }));
    const router = createRouter({ techs: [tech] });
    const pending = router.send('fake:x', { body: '' });
    await router.close();
    expect(await pending).toMatchObject({ status: 'SUCCESS' });
  });

  it('after the grace, a pending report settles as error ROUTER_CLOSED and a pending send as FAILURE', async () => {
    let closeOptions: TechCloseOptions | undefined;
    const never = new Promise<never>(() => {});
    const router = createRouter({
      techs: [
        fakeTech(
          async (request) =>
            request.target === 'fake:hang' ? never : { status: 'SUCCESS', delivery: never },
          async (options) => {
            closeOptions = options;
          },
        ),
      ],
    });
    const sent = await router.send('fake:x', { body: '' });
    const hanging = router.send('fake:hang', { body: '' });
    await router.close({ graceMs: 10 });
    expect(await sent.delivery).toMatchObject({ outcome: 'error', code: Reason.RouterClosed });
    expect(await hanging).toMatchObject({ status: 'FAILURE', reason: Reason.RouterClosed });
    expect(closeOptions?.graceMs).toBeGreaterThanOrEqual(0);
    expect(closeOptions?.graceMs).toBeLessThanOrEqual(10);
  });

  it('refuses new sends as soon as close() starts', async () => {
    const router = createRouter({ techs: [fakeTech(async () => ({ status: 'SUCCESS' }))] });
    const closed = router.close();
    expect(await router.send('fake:x', { body: '' })).toMatchObject({ reason: Reason.RouterClosed });
    await closed;
  });
});

describe('one deadline per send', () => {
  // whenDeadlineEnds, not signal.addEventListener('abort'): under load the send may only read the
  // deadline once it has ended, and an already-aborted signal never fires 'abort' again (that made
  // this test flaky: such sends fell through to the router's TECH_TIMEOUT).
  const endsOnDeadline = (busyMs = 0) =>
    fakeTech(async (_request, context) => {
      const until = performance.now() + busyMs;
      while (performance.now() < until); // a send busy past its bound before it looks at the deadline
      return {
        status: 'SUCCESS',
        delivery: new Promise<Omit<DeliveryReport, 'elapsedMs'>>((resolve) =>
          whenDeadlineEnds(context.deadline!, () => resolve({ outcome: 'timeout', code: 'OWN_TIMEOUT' })),
        ),
      };
    });

  it('a technology that ends on context.deadline owns the timeout report (its code is kept), every time', async () => {
    const router = createRouter({ techs: [endsOnDeadline()] });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => router.send('fake:x', { body: '' }, { timeoutMs: 1 + (i % 5) })),
    );
    const reports = await Promise.all(results.map((result) => result.delivery));
    for (const report of reports) expect(report).toMatchObject({ outcome: 'timeout', code: 'OWN_TIMEOUT' });
  });

  it('it still owns the report when it first reads the deadline after the bound has ended', async () => {
    const result = await createRouter({ techs: [endsOnDeadline(10)] }).send(
      'fake:x',
      { body: '' },
      { timeoutMs: 2 },
    );
    expect(await result.delivery).toMatchObject({ outcome: 'timeout', code: 'OWN_TIMEOUT' });
  });

  it('a technology that ignores the deadline gets the router fallback, with code TECH_TIMEOUT', async () => {
    const tech = fakeTech(async () => ({ status: 'SUCCESS', delivery: new Promise(() => {}) }));
    const result = await createRouter({ techs: [tech] }).send('fake:x', { body: '' }, { timeoutMs: 5 });
    expect(await result.delivery).toMatchObject({ outcome: 'timeout', code: Reason.TechTimeout });
  });

  it('hands the technology the deadline of the send bound', async () => {
    let remaining: number | undefined;
    const tech = fakeTech(async (_request, context) => {
      remaining = context.deadline?.remainingMs();
      return { status: 'SUCCESS' };
    });
    await createRouter({ techs: [tech] }).send('fake:x', { body: '' }, { timeoutMs: 10_000 });
    expect(remaining).toBeGreaterThan(9_000);
    expect(remaining).toBeLessThanOrEqual(10_000);
  });
});
