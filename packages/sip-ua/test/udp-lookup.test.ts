import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStacks, message, testStack } from './helpers/stack.js';

// The UDP transport answers an IP literal's lookup itself (no dns.lookup, no extra tick per
// datagram); a name still goes through dns.lookup. Both must reach the peer.

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

describe('UDP target addresses', () => {
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
});
