import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStacks, message, testStack } from './helpers/stack.js';

// UDP sends to a peer that never answers. The transport answers an IP literal's lookup itself (no
// dns.lookup, no extra tick per datagram) while a name still goes through dns.lookup: both must
// reach the peer. Sends sharing a caller's signal share one listener on it.

const sinks: Socket[] = [];
afterEach(async () => {
  await closeStacks();
  for (const sink of sinks.splice(0)) sink.close();
});

async function sink(): Promise<{ port: number; next: Promise<string> }> {
  const socket = createSocket('udp4');
  sinks.push(socket);
  const next = new Promise<string>((resolve) => socket.once('message', (bytes) => resolve(bytes.toString())));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, next };
}

describe('UDP sends', () => {
  it.each(['127.0.0.1', 'localhost'])('a MESSAGE to %s is written and reaches the peer', async (address) => {
    const stack = await testStack();
    const peer = await sink();
    const handle = stack.send(message(`sip:bob@127.0.0.1:${peer.port}`), {
      target: { protocol: 'udp', address, port: peer.port },
      timeoutMs: 300,
    });
    expect(await handle.dispatched).toMatchObject({ ok: true, target: { address } });
    expect(await peer.next).toMatch(/^MESSAGE sip:bob@127\.0\.0\.1:\d+ SIP\/2\.0\r\n/);
    // Nobody answers: the bound ends the send as a timeout, not a failure to write.
    expect((await handle.outcome).kind).toBe('timeout');
  });

  it('twelve sends in flight on one caller signal: no listener-leak warning, and its abort ends them all', async () => {
    const stack = await testStack();
    const peer = await sink();
    const controller = new AbortController();
    const warnings: string[] = [];
    const record = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', record);
    try {
      // Twelve: over Node's ten listeners, under the pacing window (all are written at once).
      const handles = Array.from({ length: 12 }, () =>
        stack.send(message(`sip:bob@127.0.0.1:${peer.port}`), {
          target: { protocol: 'udp', address: '127.0.0.1', port: peer.port },
          signal: controller.signal,
          timeoutMs: 5000,
        }),
      );
      await Promise.all(handles.map((handle) => handle.dispatched));
      controller.abort();
      const outcomes = await Promise.all(handles.map((handle) => handle.outcome));
      expect(outcomes.every((outcome) => outcome.kind === 'failed' && outcome.reason === 'SIP_ABORTED')).toBe(
        true,
      );
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', record);
    }
    expect(warnings.filter((name) => name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
