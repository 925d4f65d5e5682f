import type { InboundDisposition, InboundMessage } from '@messagesend/core';
import { formatSipUri, parseNameAddr } from '@messagesend/core';
import { findHeader, type IncomingRequest, type ResponseSpec } from '@messagesend/sip-ua';
import { dispositionResponse } from '@messagesend/sip-ua/tech-kit';
import { calleridName } from './callerid-name.js';
import type { PjsipConfig } from './config/types.js';
import { pjsipHeaderName } from './parsed-header-names.js';
import { printPjsipNameAddr } from './print-headers.js';

export interface InboundOptions {
  /** Larger bodies are answered 413 (Asterisk silently empties bodies over 1023 bytes). */
  maxBodyBytes: number;
}

const MAX_HEADER_VALUE = 511;

/**
 * R2.9.1: checks a MESSAGE (text/plain only, sip/sips Request-URI, size) and turns it into the
 * router's inbound message; the router's answer becomes 202, 404 or 500.
 */
export async function handleMessage(
  request: IncomingRequest,
  endpointName: string,
  config: PjsipConfig,
  options: InboundOptions,
  deliver: (message: Omit<InboundMessage, 'tech'>) => Promise<InboundDisposition>,
): Promise<ResponseSpec> {
  const type = findHeader(request.headers, 'content-type');
  if (!type || !/^\s*text\/plain\s*(;|$)/i.test(type))
    return { status: 415, headers: [{ name: 'Accept', value: 'text/plain' }] };
  if (!/^sips?:/i.test(request.uri)) return { status: 416 };
  if (request.bodyBytes > options.maxBodyBytes)
    return { status: 413, reason: `Request Entity Too Large (limit ${options.maxBodyBytes} bytes)` };

  const data: Record<string, string> = {};
  for (const { name, value } of request.headers)
    if (value.length <= MAX_HEADER_VALUE) data[pjsipHeaderName(name)] = value;
  data.PJSIP_RECVADDR = `${request.source.address}:${request.source.port}`;
  data.PJSIP_TRANSPORT = request.source.protocol;
  // rx_data_to_ast_msg: set whenever the endpoint's callerid has a name (`callerid=Alice` too).
  const callerName = calleridName(config.endpoints?.[endpointName]?.callerId);
  if (callerName) data.PJSIP_ENDPOINT = callerName;

  // requestUri: the dialplan's extension is its user part (Asterisk's exten), not the To header's.
  const message: Omit<InboundMessage, 'tech'> & { requestUri: string } = {
    body: request.body.replace(/[\r\n]+$/, ''),
    to: inboundTo(findHeader(request.headers, 'to') ?? ''),
    from: inboundFrom(findHeader(request.headers, 'from') ?? ''),
    data,
    endpoint: endpointName,
    destination: replyDestination(endpointName, config, findHeader(request.headers, 'from') ?? ''),
    requestUri: request.uri,
  };
  return dispositionResponse(await deliver(message));
}

/**
 * Where a reply goes: an endpoint with AORs is reached at its contact (`pjsip:endpoint`); one
 * without (a trunk or proxy) at the sender's From URI through the endpoint (`pjsip:endpoint/URI`,
 * so its outbound_proxy and outbound_auth apply), the way the message came.
 */
function replyDestination(endpointName: string, config: PjsipConfig, fromHeader: string): string {
  if (config.endpoints?.[endpointName]?.aors?.length) return `pjsip:${endpointName}`;
  const from = parseNameAddr(fromHeader);
  if (!from.ok || !/^sips?$/i.test(from.value.uri.scheme)) return `pjsip:${endpointName}`;
  return `pjsip:${endpointName}/${formatSipUri(from.value.uri, { password: false, headers: false })}`;
}

/** MESSAGE(to): the To header as pjsip prints it, `<` and `>` removed, `pj` prefixed (`pjsip:user@host`). */
function inboundTo(header: string): string {
  const parsed = parseNameAddr(header);
  if (!parsed.ok) return `pjsip:${header}`;
  const printed = printPjsipNameAddr(parsed.value.displayName, parsed.value.uri);
  if (parsed.value.displayName) return `pjsip:${printed}`;
  const bare = printed.replace(/^<|>$/g, '');
  return bare.startsWith('sip') ? `pj${bare}` : `pjsip:${bare}`;
}

/** MESSAGE(from) as Asterisk builds it since 2025: `"display" <scheme:user@host>`, control characters masked. */
function inboundFrom(header: string): string {
  const parsed = parseNameAddr(header);
  if (!parsed.ok) return '';
  const { uri, displayName } = parsed.value;
  const address = `<${uri.scheme}:${uri.user ?? ''}@${uri.host}>`;
  const display = displayName?.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return display ? `"${display.replace(/["\\]/g, '\\$&')}" ${address}` : address;
}
