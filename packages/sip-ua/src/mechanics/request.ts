import type { SipUri } from '@messagesend/core';
import { newCallId, newTag } from './ids.js';
import { assertSafeHeader, checkedHeaders, type HeaderField } from './wire/headers.js';
import type { OutgoingRequest } from './wire/message.js';

export interface BuildRequestInput {
  method: string;
  requestUri: string;
  /** Printed From value, without the tag (a tag is added). */
  from: string;
  /** Printed To value. */
  to: string;
  callId?: string;
  cseq?: number;
  fromTag?: string;
  maxForwards?: number;
  /** Route header values, in order. */
  route?: string[];
  /** The Request-URI as parsed by the caller: kept on the request, so location does not parse it again. */
  parsedUri?: SipUri;
  /** The Route URIs as parsed by the caller, in order (the same as `route`). */
  parsedRoute?: SipUri[];
  userAgent?: string;
  /** Custom headers, after the standard ones; each is checked for CR, LF and NUL. */
  headers?: HeaderField[];
  contentType?: string;
  body?: string;
}

/**
 * An out-of-dialog request in the header order pjsip and chan_sip use: From, To, Call-ID, CSeq,
 * Route, Max-Forwards, User-Agent, custom headers, Content-Type. Throws ERR_MSG_SIP_HEADER_INVALID
 * for a header value that could inject another header.
 */
export function buildRequest(input: BuildRequestInput): OutgoingRequest {
  const body = input.body ?? '';
  const headers: HeaderField[] = [
    { name: 'From', value: `${input.from};tag=${input.fromTag ?? newTag()}` },
    { name: 'To', value: input.to },
    { name: 'Call-ID', value: input.callId ?? newCallId() },
    { name: 'CSeq', value: `${input.cseq ?? 1} ${input.method}` },
    ...(input.route ?? []).map((value) => ({ name: 'Route', value })),
    { name: 'Max-Forwards', value: String(input.maxForwards ?? 70) },
    ...(input.userAgent ? [{ name: 'User-Agent', value: input.userAgent }] : []),
    // Copies: the list is frozen below, and the caller's own objects are theirs to change.
    ...(input.headers ?? []).map(({ name, value }) => ({ name, value })),
  ];
  if (body.length > 0 || input.contentType)
    headers.push({ name: 'Content-Type', value: input.contentType ?? 'text/plain' });
  for (const header of headers) {
    assertSafeHeader(header.name, header.value);
    Object.freeze(header);
  }
  // Frozen: the send path prints this list without checking it again (checkedHeaders), so it must
  // stay what was checked.
  checkedHeaders.add(Object.freeze(headers));
  // Every field in one literal, present or not: one object shape for every request built, so the
  // send path reading them stays monomorphic (fields added afterwards made three shapes).
  return {
    method: input.method,
    uri: input.requestUri,
    parsedUri: input.parsedUri,
    parsedRoute: input.parsedRoute,
    headers,
    body,
  };
}
