import { isIPv6 } from 'node:net';
import type { TransportProtocol } from './wire/message.js';

/** The Via value for a request we send from `host:port` (rport asks for symmetric responses). */
export function formatVia(protocol: TransportProtocol, host: string, port: number, branch: string): string {
  const printedHost = isIPv6(host) ? `[${host}]` : host;
  return `SIP/2.0/${protocol.toUpperCase()} ${printedHost}:${port};rport;branch=${branch}`;
}
