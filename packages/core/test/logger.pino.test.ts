import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createRouter,
  defineTech,
  type Logger,
  MsgError,
  parsed,
  serializeError,
  TECH_API_VERSION,
  type TechHost,
  toLogger,
} from '../src/index.js';
import { memoryTech } from '../src/testing/index.js';

/** A real pino instance writing JSON lines into an array. */
const capture = (options: pino.LoggerOptions = {}) => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug', ...options },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
};

describe('pino as the logger, as it is', () => {
  it('a router keeps the structured fields and serialises error (inbound handler that throws)', async () => {
    const { logger, lines } = capture();
    const memory = memoryTech();
    const router = createRouter({ techs: [memory], logger }); // a pino Logger type-checks as Logger
    router.onMessage(() => {
      throw new MsgError('ERR_TEST_HANDLER', 'handler failed', { cause: new Error('root cause') });
    });
    expect(await memory.receive({ body: 'hi', destination: 'memory:bob' })).toBe('error');
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ level: 50, msg: 'inbound message handler threw', tech: 'memory' });
    expect(line.error).toMatchObject({
      type: 'MsgError',
      message: 'handler failed',
      code: 'ERR_TEST_HANDLER',
      cause: { type: 'Error', message: 'root cause' },
    });
    expect((line.error as { stack: string }).stack).toMatch(/^MsgError: handler failed\n\s+at /);
    await router.close();
  });

  it("a technology's host.logger and send context.logger keep every level, field and pino's child bindings", async () => {
    const { logger, lines } = capture();
    let host: TechHost | undefined;
    const tech = defineTech({
      name: 'probe',
      apiVersion: TECH_API_VERSION,
      parse: (destination) => parsed({ destination }),
      attach(h) {
        host = h;
        h.logger.info('attached', { tech: 'probe', ports: [5060, 5061] });
      },
      async send(request, context) {
        context.logger.debug('sending', { destination: request.destination, bytes: 2 });
        context.logger.warn('slow peer', { elapsedMs: 1500, nested: { a: 1 } });
        context.logger.error('send failed', { error: new TypeError('bad peer'), attempt: 2 });
        return { status: 'SUCCESS' };
      },
    });
    const router = createRouter({ techs: [tech], logger: logger.child({ component: 'messagesend' }) });
    expect(host).toBeDefined();
    expect((await router.send('probe:x', { body: 'hi' })).status).toBe('SUCCESS');
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [30, 'attached'],
      [20, 'sending'],
      [40, 'slow peer'],
      [50, 'send failed'],
    ]);
    expect(lines[0]).toMatchObject({ component: 'messagesend', tech: 'probe', ports: [5060, 5061] });
    expect(lines[1]).toMatchObject({ component: 'messagesend', destination: 'probe:x', bytes: 2 });
    expect(lines[2]).toMatchObject({ elapsedMs: 1500, nested: { a: 1 } });
    expect(lines[3]).toMatchObject({ attempt: 2, error: { type: 'TypeError', message: 'bad peer' } });
    expect(typeof (lines[3]!.error as { stack?: unknown }).stack).toBe('string');
    await router.close();
  });

  it("pino's own options still apply: the level filters, redact masks a field", async () => {
    const { logger, lines } = capture({ level: 'warn', redact: ['password'] });
    const adapted = toLogger(logger);
    adapted.info('dropped by the level', { a: 1 });
    adapted.warn('kept', { password: 'hunter2', user: 'alice' });
    expect(lines).toEqual([expect.objectContaining({ msg: 'kept', password: '[Redacted]', user: 'alice' })]);
  });

  it('toLogger is idempotent, leaves (message, fields) loggers as they are, and defaults to silent', () => {
    const { logger } = capture();
    const adapted = toLogger(logger);
    expect(toLogger(adapted)).toBe(adapted);
    const calls: unknown[][] = [];
    const plain: Logger = {
      debug: (...args) => calls.push(args),
      info: (...args) => calls.push(args),
      warn: (...args) => calls.push(args),
      error: (...args) => calls.push(args),
    };
    expect(toLogger(plain)).toBe(plain);
    expect(toLogger(console)).toBe(console);
    const silent = toLogger(undefined);
    expect(() => silent.error('nothing', { a: 1 })).not.toThrow();
  });

  it('serializeError: own properties, cause, AggregateError members, and cycles', () => {
    const inner = new Error('inner');
    const outer = new AggregateError([inner, 'text'], 'many', { cause: inner });
    (outer as unknown as { self: unknown }).self = outer;
    expect(serializeError(outer)).toMatchObject({
      type: 'AggregateError',
      message: 'many',
      self: '[Circular]',
      cause: { type: 'Error', message: 'inner' },
      errors: [{ type: 'Error', message: 'inner' }, 'text'],
    });
  });
});
