import type { Endpoint, IncomingRequest } from '../wire/message.js';

/**
 * Where a UDP response goes when the source port is not forced (pjsip `force_rport=no`): RFC 3261
 * §18.2.2 without RFC 3581, the source address and the top Via's sent-by port (5060 when it has
 * none), unless that Via asks for `rport` itself. Undefined means the source, as always.
 */
export function sentByTarget(request: IncomingRequest): Endpoint | undefined {
  if (request.source.protocol !== 'udp') return undefined;
  const via = request.headers.find((h) => /^(via|v)$/i.test(h.name))?.value ?? '';
  const topVia = via.split(',')[0] ?? '';
  if (/;\s*rport\s*(=\s*\d*\s*)?(;|$)/i.test(topVia)) return undefined;
  const port = /:(\d{1,5})$/.exec(request.topVia.sentBy)?.[1];
  return { protocol: 'udp', address: request.source.address, port: port ? Number(port) : 5060 };
}
