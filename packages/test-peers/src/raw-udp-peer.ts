import { bindUdp, closeUdp } from './udp-socket.js';

export interface RawUdpPeer {
  host: string;
  port: number;
  /** Every request received, as text. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A SIP answerer on a bare UDP socket, for replies no conforming peer would send: SIPp's XML
 * scenarios cannot carry control characters, so a reason phrase with ESC or BEL needs this. It
 * answers every request with `status` and the exact bytes of `reason`, copying Via, From, To
 * (with a tag), Call-ID and CSeq from the request.
 */
export async function startRawUdpPeer(options: { status: number; reason: string }): Promise<RawUdpPeer> {
  const socket = await bindUdp('127.0.0.1');
  const requests: string[] = [];
  socket.on('message', (data, from) => {
    const text = data.toString('utf8');
    requests.push(text);
    const head = text.split('\r\n\r\n')[0]!.split('\r\n');
    const copy = (name: string) =>
      head.filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    const to = copy('To').map((line) => (/;tag=/i.test(line) ? line : `${line};tag=raw1`));
    const response = [
      `SIP/2.0 ${options.status} ${options.reason}`,
      ...copy('Via'),
      ...copy('From'),
      ...to,
      ...copy('Call-ID'),
      ...copy('CSeq'),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    socket.send(Buffer.from(response, 'utf8'), from.port, from.address);
  });
  return {
    host: '127.0.0.1',
    port: socket.address().port,
    requests,
    close: () => closeUdp(socket),
  };
}
