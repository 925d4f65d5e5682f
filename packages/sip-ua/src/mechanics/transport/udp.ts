import { createSocket, type Socket, type SocketOptions } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import { MsgError } from '@messagesend/core';
import { SipErrorCode } from '../errors.js';
import type { Endpoint } from '../wire/message.js';
import type { OnDatagram, SocketBuffers, Transport } from './transport.js';
import type { WireTrace } from './wire-trace.js';

/** Asked of the kernel for each UDP socket unless the stack says otherwise: 4 MiB each way. */
export const DEFAULT_UDP_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * A UDP transport on node:dgram. Bind errors reject (the npm stack leaves them unhandled). The
 * socket buffers are raised to `buffers` (the default ~208 KB receive buffer holds ~166 datagrams,
 * and each one dropped costs a T1 retransmission); `bound.buffers` says what the kernel granted.
 */
export function startUdpTransport(
  host: string,
  port: number,
  onDatagram: OnDatagram,
  onContained?: (error: unknown) => void,
  buffers: Partial<SocketBuffers> = {},
  trace?: WireTrace,
): Promise<Transport> {
  const socket = createSocket({
    type: isIPv6(host) ? 'udp6' : 'udp4',
    reuseAddr: false,
    lookup: lookupUnlessLiteral,
  });
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
      // The socket never holds the process on its own: the stack decides (SipStack.holdProcess).
      socket.unref();
      const granted = setBuffers(socket, buffers);
      const bound = socket.address();
      const local = { address: bound.address, port: bound.port };
      socket.on('message', (bytes, remote) => {
        try {
          if (trace)
            trace({ direction: 'in', protocol: 'udp', address: remote.address, port: remote.port, bytes });
          onDatagram(bytes, { protocol: 'udp', address: remote.address, port: remote.port, local });
        } catch (error) {
          // Last line of defence: no datagram may throw past the transport.
          onContained?.(error);
        }
      });
      let closed: Promise<void> | undefined;
      resolve({
        bound: { protocol: 'udp', host: bound.address, port: bound.port, buffers: granted },
        reliable: false,
        send: (target: Endpoint, bytes: Buffer) =>
          new Promise<void>((done, fail) => {
            if (closed) return fail(new Error('transport closed'));
            if (trace)
              trace({ direction: 'out', protocol: 'udp', address: target.address, port: target.port, bytes });
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

/**
 * node:dgram looks up every datagram's address, an IP literal included, through dns.lookup, which
 * answers a literal only on the next tick: a validation, a closure and a process.nextTick per
 * datagram before it is written. A target is an address almost always (RFC 3263 location gives
 * addresses), so a literal is answered at once, as dgram itself does for a connected socket; a
 * name still goes to dns.lookup.
 */
const lookupUnlessLiteral = ((address: string, family: number, callback) => {
  const kind = isIP(address);
  if (kind === 0) dnsLookup(address, family, callback);
  else callback(null, address, kind);
}) as NonNullable<SocketOptions['lookup']>;

/** Asks for the buffer sizes (a refusal keeps the system's); returns what the kernel reports. */
function setBuffers(socket: Socket, wanted: Partial<SocketBuffers>): SocketBuffers {
  const receive = wanted.receiveBytes ?? DEFAULT_UDP_BUFFER_BYTES;
  const send = wanted.sendBytes ?? DEFAULT_UDP_BUFFER_BYTES;
  try {
    if (receive > 0) socket.setRecvBufferSize(receive);
  } catch {
    // the system's size stays; the caller compares what was granted and warns
  }
  try {
    if (send > 0) socket.setSendBufferSize(send);
  } catch {
    // as above
  }
  return { receiveBytes: socket.getRecvBufferSize(), sendBytes: socket.getSendBufferSize() };
}
