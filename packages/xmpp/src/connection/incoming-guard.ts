import type { Client } from '@xmpp/client-core';

/** The server sent something this client will not parse: malformed XML or an oversized element. */
export class ServerMalformedError extends Error {
  override name = 'ServerMalformedError';
}

/**
 * Contains what a server sends, before xmpp.js parses it. xmpp.js would buffer an unending element
 * (a 10 MB attribute, a stream header that never closes) without limit, and after a parser error it
 * detaches its parser but keeps the socket: the next chunk then throws from a socket listener and
 * takes the process down. Here a parser throw, data after the parser is gone, or more than
 * `maxElementBytes` without a complete element end that connection with an 'error' instead.
 */
export function guardIncoming(entity: Client, maxElementBytes: number): void {
  let buffered = 0;
  const reset = (): void => {
    buffered = 0;
  };
  entity.on('element', reset);
  entity.on('open', reset);
  let failed = false;
  // Each connection attempt of a reused client starts clean.
  entity.on('connecting', () => {
    failed = false;
    buffered = 0;
  });
  const parse = entity._onData.bind(entity);
  const fail = (error?: Error): void => {
    if (failed) return;
    failed = true;
    entity.socket?.destroy();
    if (error) entity.emit('error', error);
  };
  // Set before the first socket is attached: xmpp.js binds its data listener to this property then.
  entity._onData = (data: Buffer): void => {
    if (failed || !entity.parser) return;
    buffered += data.length;
    try {
      parse(data);
    } catch (error) {
      fail(new ServerMalformedError(`the server sent malformed XML (${describe(error)})`));
      return;
    }
    if (buffered > maxElementBytes)
      fail(
        new ServerMalformedError(
          `the server sent over ${maxElementBytes} bytes without completing an element`,
        ),
      );
  };
  entity.on('error', (error: Error) => {
    // xmpp.js has reported its parser's error (XMLError) and dropped the parser: drop the socket too.
    if (error.name === 'XMLError') fail();
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
