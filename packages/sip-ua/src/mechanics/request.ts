import type { SipUri } from '@messagesend/core';
import { newCallId, newTag } from './ids.js';
import { CheckedFields } from './wire/checked-fields.js';
import { assertSafeHeader, assertSafeHeaderValue, checkedHeaders, type HeaderField } from './wire/headers.js';
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
  headers?: readonly HeaderField[];
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
  // Pushed one by one, not spread from temporary arrays: this runs on every send. The headers whose
  // values repeat between sends come checked and frozen from a table (checked-fields.ts); the
  // per-send ones are made here, and ids this module generates need no check.
  const headers: HeaderField[] = [];
  FROM.check(input.from);
  const fromTag = input.fromTag ?? newTag();
  if (input.fromTag !== undefined) assertSafeHeaderValue('From', fromTag);
  headers.push(Object.freeze({ name: 'From', value: `${input.from};tag=${fromTag}` }));
  headers.push(TO.field(input.to));
  const callId = input.callId ?? newCallId();
  if (input.callId !== undefined) assertSafeHeaderValue('Call-ID', callId);
  headers.push(Object.freeze({ name: 'Call-ID', value: callId }));
  headers.push(CSEQ.field(`${input.cseq ?? 1} ${input.method}`));
  if (input.route) for (const value of input.route) headers.push(ROUTE.field(value));
  headers.push(MAX_FORWARDS.field(String(input.maxForwards ?? 70)));
  if (input.userAgent) headers.push(USER_AGENT.field(input.userAgent));
  if (input.headers)
    for (const { name, value } of input.headers) {
      assertSafeHeader(name, value);
      // A copy: the list is frozen below, and the caller's own objects are theirs to change.
      headers.push(Object.freeze({ name, value }));
    }
  if (body.length > 0 || input.contentType)
    headers.push(CONTENT_TYPE.field(input.contentType ?? 'text/plain'));
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

const FROM = new CheckedFields('From');
const TO = new CheckedFields('To');
const CSEQ = new CheckedFields('CSeq');
const ROUTE = new CheckedFields('Route');
const MAX_FORWARDS = new CheckedFields('Max-Forwards');
const USER_AGENT = new CheckedFields('User-Agent');
const CONTENT_TYPE = new CheckedFields('Content-Type');
