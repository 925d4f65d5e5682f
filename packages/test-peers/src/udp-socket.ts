import { createSocket, type Socket } from 'node:dgram';

/** A udp4 socket bound to `address`:`port` (0: the system chooses); rejects if the bind fails. */
export async function bindUdp(address: string, port = 0): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => resolve());
  });
  return socket;
}

/** Closes a socket and resolves once it is closed. */
export function closeUdp(socket: Socket): Promise<void> {
  return new Promise<void>((resolve) => socket.close(() => resolve()));
}
