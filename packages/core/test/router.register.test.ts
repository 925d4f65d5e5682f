import { describe, expect, it } from 'vitest';
import { createRouter, ErrorCode, isMsgError, type MessageTech } from '../src/index.js';
import { memoryTech } from '../src/testing/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isMsgError(error) ? error.code : `not a MsgError: ${String(error)}`;
  }
  return undefined;
}

describe('router.register', () => {
  it('registers, lists, gets (any case) and unregisters', () => {
    const router = createRouter();
    const tech = memoryTech();
    const unregister = router.register(tech);
    expect(router.names()).toEqual(['memory']);
    expect(router.get('MEMORY')).toBe(tech);
    unregister();
    expect(router.names()).toEqual([]);
    expect(router.unregister('memory')).toBe(false);
  });

  it('takes technologies from the options', () => {
    const router = createRouter({ techs: [memoryTech(), memoryTech({ name: 'other' })] });
    expect(router.names()).toEqual(['memory', 'other']);
  });

  it('rejects a duplicate name with ERR_MSG_TECH_DUPLICATE', () => {
    const router = createRouter({ techs: [memoryTech()] });
    expect(codeOf(() => router.register(memoryTech()))).toBe(ErrorCode.TechDuplicate);
  });

  it.each(['', 'Memory', '1tech', 'a:b', 'with space', 'é'])('rejects the invalid name %j', (name) => {
    expect(codeOf(() => createRouter().register(memoryTech({ name })))).toBe(ErrorCode.TechName);
  });

  it('rejects an unsupported API version and a missing send()', () => {
    const router = createRouter();
    const tech = memoryTech();
    expect(codeOf(() => router.register({ ...tech, apiVersion: 2 }))).toBe(ErrorCode.TechApiVersion);
    const noSend = { name: 'x', apiVersion: 1, parse: tech.parse } as unknown as MessageTech;
    expect(codeOf(() => router.register(noSend))).toBe(ErrorCode.TechShape);
    expect(codeOf(() => router.register(null as unknown as MessageTech))).toBe(ErrorCode.TechShape);
  });

  it('unregister() returns true once, and a stale unregister function leaves a newer tech alone', () => {
    const router = createRouter();
    const stale = router.register(memoryTech());
    expect(router.unregister('memory')).toBe(true);
    expect(router.unregister('memory')).toBe(false);
    const fresh = memoryTech();
    router.register(fresh);
    stale();
    expect(router.get('memory')).toBe(fresh);
  });

  it('refuses registration after close with ERR_MSG_ROUTER_CLOSED and closes every technology once', async () => {
    const tech = memoryTech();
    const router = createRouter({ techs: [tech] });
    await Promise.all([router.close(), router.close()]);
    expect(tech.closed).toBe(true);
    expect(codeOf(() => router.register(memoryTech({ name: 'late' })))).toBe(ErrorCode.RouterClosed);
  });
});
