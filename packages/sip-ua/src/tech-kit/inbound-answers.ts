import type { InboundDisposition } from '@messagesend/core';
import type { ResponseSpec } from '../mechanics/stack/request-handler.js';
import type { IncomingRequest } from '../mechanics/wire/message.js';

const ALLOW = [{ name: 'Allow', value: 'MESSAGE, REGISTER, OPTIONS' }];

/** OPTIONS is answered 200 and methods other than MESSAGE and REGISTER 405; undefined for those two. */
export function answerOtherMethods(request: IncomingRequest): ResponseSpec | undefined {
  if (request.method === 'OPTIONS') return { status: 200, headers: ALLOW };
  if (request.method !== 'MESSAGE' && request.method !== 'REGISTER') return { status: 405, headers: ALLOW };
  return undefined;
}

/** What the router's answer to an inbound MESSAGE becomes on the wire: 202, 404 or 500. */
export function dispositionResponse(disposition: InboundDisposition): ResponseSpec {
  return { status: disposition === 'accepted' ? 202 : disposition === 'not-found' ? 404 : 500 };
}

/**
 * Asterisk's `Server` header (pjsip `[global] user_agent`, chan_sip `useragent`) on a response
 * the technology answers; a handler's own Server header is kept.
 */
export function withServerHeader(response: ResponseSpec, server: string | undefined): ResponseSpec {
  if (!server || response.headers?.some((h) => h.name.toLowerCase() === 'server')) return response;
  return { ...response, headers: [...(response.headers ?? []), { name: 'Server', value: server }] };
}
