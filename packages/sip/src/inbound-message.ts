import type { InboundDisposition, InboundMessage } from '@messagesend/core';
import { parseNameAddr } from '@messagesend/core';
import { findHeader, type IncomingRequest, type ResponseSpec } from '@messagesend/sip-ua';
import { dispositionResponse } from '@messagesend/sip-ua/tech-kit';
import type { SipConfig } from './config/types.js';
import { identifyPeer } from './identify.js';
import type { PeerAuth } from './inbound-auth.js';

/** R3.8: an inbound MESSAGE from a peer (or anyone, with auth_message_requests=no). */
export async function handleMessage(
  request: IncomingRequest,
  config: SipConfig,
  auth: PeerAuth,
  deliver: (message: Omit<InboundMessage, 'tech'>) => Promise<InboundDisposition>,
): Promise<ResponseSpec> {
  if (config.general?.acceptOutOfCallMessage === false)
    return { status: 405, headers: [{ name: 'Allow', value: 'REGISTER, OPTIONS' }] };
  const peerName = identifyPeer(request, config);
  if (config.general?.authMessageRequests !== false) {
    if (!peerName) return { status: 403, reason: 'Forbidden (no matching peer)' };
    const refusal = auth.check(request, peerName);
    if (refusal) return refusal;
  }
  const type = findHeader(request.headers, 'content-type') ?? '';
  if (!/^\s*text\/plain/i.test(type))
    return { status: 415, headers: [{ name: 'Accept', value: 'text/plain' }] };

  const fromHeader = parseNameAddr(findHeader(request.headers, 'from') ?? '');
  const fromUri = fromHeader.ok
    ? `${fromHeader.value.uri.scheme}:${fromHeader.value.uri.user ? `${fromHeader.value.uri.user}@` : ''}${fromHeader.value.uri.host}${fromHeader.value.uri.port ? `:${fromHeader.value.uri.port}` : ''}`
    : '';
  const display = fromHeader.ok ? fromHeader.value.displayName : undefined;
  const data: Record<string, string> = {};
  for (const { name, value } of request.headers) data[name] = value;
  data.SIP_RECVADDR = `${request.source.address}:${request.source.port}`;
  if (peerName) data.SIP_PEERNAME = peerName;
  const contact = findHeader(request.headers, 'contact');
  if (contact) data.SIP_FULLCONTACT = contact.replace(/^.*<([^>]*)>.*$/, '$1');

  const disposition = await deliver({
    body: request.body,
    to: request.uri,
    from: display ? `"${display}" <${fromUri}>` : `<${fromUri}>`,
    data,
    ...(peerName ? { endpoint: peerName } : {}),
    destination: peerName ? `sip:${peerName}` : fromUri,
  });
  return dispositionResponse(disposition);
}
