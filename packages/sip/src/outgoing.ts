import type { Message } from '@messagesend/core';
import {
  assertSafeHeader,
  buildRequest,
  type HeaderField,
  type OutgoingRequest,
  printChanSipFrom,
  printChanSipTo,
} from '@messagesend/sip-ua';
import { SipTechReason } from './errors.js';
import type { FromParts } from './from.js';

/** R3.5: headers a message's data may not set (Content-Type is allowed), compared case-insensitively. */
const BLOCKED = new Set([
  'to',
  'from',
  'via',
  'route',
  'contact',
  'call-id',
  'cseq',
  'allow',
  'content-length',
  'request-uri',
]);

export type SipOutgoing =
  | { ok: true; request: OutgoingRequest; warnings: string[] }
  | { ok: false; reason: string; detail: string; warnings: string[] };

/** Builds the chan_sip MESSAGE: To is the Request-URI in <>, From always has a display name, no Contact. */
export function buildSipOutgoing(input: {
  requestUri: string;
  from: FromParts;
  localPort: number;
  tls: boolean;
  message: Message;
  route?: string;
  userAgent: string;
  warnings: string[];
}): SipOutgoing {
  const { message, warnings } = input;
  const fail = (reason: string, detail: string): SipOutgoing => ({ ok: false, reason, detail, warnings });
  const headers: HeaderField[] = [];
  let maxForwards = 70;
  let contentType = message.contentType ?? 'text/plain;charset=UTF-8';
  let userAgent: string | undefined = input.userAgent;
  for (const [name, value] of Object.entries(message.data ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'max-forwards') {
      // chan_sip: a non-integer or a value below 1 is "reached zero" and nothing is sent.
      if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) {
        return fail(
          SipTechReason.MaxForwardsExhausted,
          `MESSAGE(Max-Forwards) reached zero (value "${value}"); MESSAGE not sent`,
        );
      }
      maxForwards = Number(value) - 1;
      continue;
    }
    if (lower === 'content-type') {
      contentType = value;
      continue;
    }
    if (BLOCKED.has(lower)) {
      warnings.push(`data header "${name}" is set by the SIP stack and was not sent`);
      continue;
    }
    if (lower === 'user-agent') userAgent = undefined;
    try {
      assertSafeHeader(name, value);
    } catch (error) {
      return fail(SipTechReason.BadHeader, (error as Error).message);
    }
    headers.push({ name, value });
  }
  try {
    const request = buildRequest({
      method: 'MESSAGE',
      requestUri: input.requestUri,
      from: printChanSipFrom({ ...input.from, port: input.localPort, tls: input.tls }),
      to: printChanSipTo(input.requestUri),
      maxForwards,
      route: input.route ? [input.route] : [],
      userAgent,
      headers,
      contentType,
      body: message.body,
    });
    return { ok: true, request, warnings };
  } catch (error) {
    return fail(SipTechReason.BadHeader, (error as Error).message);
  }
}
