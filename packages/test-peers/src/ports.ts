import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A loopback port that is free for both UDP and TCP at the time of asking (SIP peers use the same
 * number for both). The kernel picks it, so test files running in parallel do not collide.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeTcpPort(host);
    if (await udpPortFree(host, port)) return port;
  }
  throw new Error('no free loopback port found for both UDP and TCP after 20 attempts');
}

function freeTcpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when nobody holds the UDP port; false when it is bound (used as a readiness probe too). */
export function udpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}
