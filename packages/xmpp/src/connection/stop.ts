import type { XmppConnection } from './connection.js';

/**
 * Drops a connection that never reached a session. Its stream needs no graceful close, and
 * xmpp.js's stop() path can reject internally if the peer resets meanwhile.
 */
export function destroyNow(connection: XmppConnection): void {
  const socket = connection.entity.socket;
  socket?.on?.('error', () => {});
  socket?.destroy?.();
}

/** Stops a connection, bounded: a dead server must not hold close() up. */
export async function stopQuietly(connection: XmppConnection): Promise<void> {
  const { entity } = connection;
  const socket = entity.socket;
  // xmpp.js detaches its listeners while stopping: a reset then would be an unhandled 'error'.
  socket?.on?.('error', () => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    entity.stop().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2_000);
    }),
  ]);
  clearTimeout(timer);
  socket?.destroy?.();
  entity.socket?.destroy?.();
}
