import { once } from 'node:events';
import { createServer, type Server, Socket } from 'node:net';
import type { Client } from '@xmpp/client-core';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceWrites } from '../src/connection/coalesce-writes.js';

const open: (Server | Socket)[] = [];
afterEach(() => {
  for (const handle of open.splice(0)) (handle as Socket).destroy?.() ?? (handle as Server).close();
});

/** A connected loopback socket and the chunks its peer reads. */
async function connectedPair(): Promise<{ socket: Socket; chunks: string[] }> {
  const chunks: string[] = [];
  const server = createServer((peer) => {
    open.push(peer);
    peer.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  });
  open.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const socket = new Socket();
  open.push(socket);
  socket.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.setNoDelay(true);
  return { socket, chunks };
}

/** Just what coalesceWrites touches of an xmpp.js client: its socket and its write. */
function entityOn(socket: Socket): Client {
  const entity = {
    socket,
    write: (text: string) =>
      new Promise<void>((resolve, reject) => socket.write(text, (e) => (e ? reject(e) : resolve()))),
  };
  return entity as unknown as Client;
}

const tick = () => new Promise((resolve) => process.nextTick(resolve));

describe('coalesceWrites', () => {
  it('the writes of one turn are held until the next tick and leave in one write; the next turn starts afresh', async () => {
    const { socket, chunks } = await connectedPair();
    const entity = entityOn(socket);
    coalesceWrites(entity);
    const written = ['<a/>', '<b/>', '<c/>'].map((text) => entity.write(text));
    expect(socket.writableCorked).toBe(1);
    // Buffered in the socket, not yet handed to the kernel.
    expect(socket.writableLength).toBe('<a/><b/><c/>'.length);
    await tick();
    expect(socket.writableCorked).toBe(0);
    await Promise.all(written);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(chunks).toEqual(['<a/><b/><c/>']);

    await entity.write('<d/>');
    expect(socket.writableCorked).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(chunks.join('')).toBe('<a/><b/><c/><d/>');
  });

  it('a socket replaced within the turn (STARTTLS) leaves both uncorked after it', async () => {
    const first = await connectedPair();
    const second = await connectedPair();
    const entity = entityOn(first.socket);
    coalesceWrites(entity);
    void entity.write('<one/>');
    entity.socket = second.socket;
    (entity as unknown as { write: Client['write'] }).write('<two/>').catch(() => undefined);
    expect(first.socket.writableCorked).toBe(0);
    expect(second.socket.writableCorked).toBe(1);
    await tick();
    expect(second.socket.writableCorked).toBe(0);
  });
});
