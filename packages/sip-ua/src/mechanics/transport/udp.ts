import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { MsgError } from '@messagesend/core';
import { SipErrorCode } from '../errors.js';
import type { Endpoint } from '../wire/message.js';
import type { OnDatagram, Transport } from './transport.js';

/** A UDP transport on node:dgram. Bind errors reject (the npm stack leaves them unhandled). */
export function startUdpTransport(
  host: string,
  port: number,
  onDatagram: OnDatagram,
  onContained?: (error: unknown) => void,
): Promise<Transport> {
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
  return new Promise((resolve, reject) => {
    const onBindError = (error: Error): void => {
      socket.close();
      reject(
        new MsgError(SipErrorCode.BindFailed, `cannot bind UDP ${host}:${port}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    socket.once('error', onBindError);
    socket.bind(port, host, () => {
      socket.off('error', onBindError);
      // Later socket errors (an ICMP error on some platforms) must not crash the process.
      socket.on('error', () => {});
      const bound = socket.address();
      const local = { address: bound.address, port: bound.port };
      socket.on('message', (bytes, remote) => {
        try {
          onDatagram(bytes, { protocol: 'udp', address: remote.address, port: remote.port, local });
        } catch (error) {
          // Last line of defence: no datagram may throw past the transport.
          onContained?.(error);
        }
      });
      let closed: Promise<void> | undefined;
      resolve({
        bound: { protocol: 'udp', host: bound.address, port: bound.port },
        reliable: false,
        send: (target: Endpoint, bytes: Buffer) =>
          new Promise<void>((done, fail) => {
            if (closed) return fail(new Error('transport closed'));
            socket.send(bytes, target.port, target.address, (error) => (error ? fail(error) : done()));
          }),
        close: () => {
          closed ??= new Promise<void>((done) => socket.close(() => done()));
          return closed;
        },
      });
    });
  });
}
