import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server the test scripts byte by byte: the hostile or broken "XMPP server". */
export interface FakeServer {
  port: number;
  sockets: Socket[];
  close(): Promise<void>;
}

export async function fakeServer(onConnection: (socket: Socket) => void): Promise<FakeServer> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export const STREAM_HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='fake' from='localhost' version='1.0'>";

/**
 * A minimal scripted XMPP server: SASL PLAIN accepted, resource bound, stream management enabled
 * (acknowledging on request only with `acks`; resumption always refused), and `onMessage`
 * deciding what a chat message gets back.
 */
export function scriptedXmpp(
  onMessage: (socket: Socket, id: string, stanza: string) => void,
  { acks = false } = {},
): (socket: Socket) => void {
  return (socket) => {
    let authenticated = false;
    let handled = 0;
    socket.on('data', (chunk) => {
      const text = chunk.toString('utf8');
      if (text.includes('<stream:stream')) {
        socket.write(
          STREAM_HEADER +
            (authenticated
              ? "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>"
              : "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"),
        );
      }
      if (text.includes('<auth')) {
        authenticated = true;
        socket.write("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
      }
      const bind = /<iq[^>]*\sid=["']([^"']+)["'][^>]*>\s*<bind/.exec(text);
      if (bind)
        socket.write(
          `<iq type='result' id='${bind[1]}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/messagesend</jid></bind></iq>`,
        );
      if (text.includes('<enable')) socket.write("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>");
      if (text.includes('<resume'))
        socket.write(
          "<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>",
        );
      for (const message of text.matchAll(/<message[^>]*\sid=["']([^"']+)["'][\s\S]*?<\/message>/g)) {
        handled++;
        onMessage(socket, message[1]!, message[0]);
      }
      handled += (text.match(/<presence/g) ?? []).length;
      if (acks && /<r\s+xmlns=["']urn:xmpp:sm:3["']/.test(text) && !socket.destroyed)
        socket.write(`<a xmlns='urn:xmpp:sm:3' h='${handled}'/>`);
    });
  };
}

export function accountConf(port: number): string {
  return `[alice]\ntype=client\nserverhost=127.0.0.1\nport=${port}\nusername=alice@localhost\nsecret=alice-pw\nusetls=no\n`;
}
