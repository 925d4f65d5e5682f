import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';
import xmpp from '@messagesend/xmpp';
import pino from 'pino';
import { describe, expect, it } from 'vitest';

// pino passed straight to a technology's own `logger` option (not through the router): the
// technology and the SIP stack it starts log pino's way, fields kept.
const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
};

describe("pino as a technology's logger option", () => {
  it('pjsip({ logger: pino }): the SIP stack logs a refused request with its fields', async () => {
    const { logger, lines } = capture();
    const tech = pjsip({ config: '[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n', logger });
    const router = createRouter({ techs: [tech] });
    try {
      await router.start();
      const [udp] = tech.addresses();
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      const from = `127.0.0.1:${socket.address().port}`;
      // A request without its mandatory headers: refused (400), and logged at debug level.
      socket.send('MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\nContent-Length: 0\r\n\r\n', udp!.port, udp!.host);
      await expect
        .poll(() => lines.find((line) => line.msg === 'refused an inbound SIP message'), {
          timeout: 5000,
        })
        .toMatchObject({ level: 20, from, problem: expect.any(String) });
      socket.close();
    } finally {
      await router.close();
    }
  });

  it('xmpp({ logger: pino }): an account that cannot connect at start is a warning with its fields', async () => {
    // A port that refuses connections: listen, note the port, close.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const { logger, lines } = capture();
    const config = `[office]\ntype=client\nserverhost=127.0.0.1\nport=${port}\nusername=pbx@localhost\nsecret=x\nusetls=no\nsendtodialplan=yes\n`;
    const router = createRouter({ techs: [xmpp({ config, logger, connectTimeoutMs: 3000 })] });
    try {
      await router.start();
      expect(lines.find((line) => line.msg === 'xmpp account could not connect at start')).toMatchObject({
        level: 40,
        account: 'office',
        reason: expect.stringMatching(/^[A-Z_]+$/),
      });
    } finally {
      await router.close();
    }
  });
});
