import type { Client } from '@xmpp/client-core';

/**
 * Everything xmpp.js writes in one turn of the event loop leaves in one write (Node's documented
 * cork, then uncork on the next tick): a burst of sends is one TCP segment (one TLS record), not one
 * per stanza. Nagle's algorithm is off on the socket, so nothing waits for an ACK; without this, a
 * server with Nagle on (Prosody's default) got a segment per stanza, wrote each on to its
 * recipient as its own small segment, and those waited for the recipient's delayed ACK.
 */
export function coalesceWrites(entity: Client): void {
  const write = entity.write.bind(entity);
  let corked: Client['socket'] = null;
  const uncork = (): void => {
    const socket = corked;
    corked = null;
    socket?.uncork();
  };
  entity.write = (text: string): Promise<void> => {
    const socket = entity.socket;
    if (socket && corked !== socket) {
      // A socket replaced within the turn (STARTTLS) is uncorked on its own tick all the same.
      if (corked) uncork();
      socket.cork();
      corked = socket;
      process.nextTick(uncork);
    }
    return write(text);
  };
}
