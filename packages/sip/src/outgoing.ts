import type { Message } from '@messagesend/core';
import { buildRequest, type OutgoingRequest } from '@messagesend/sip-ua';
import { dataHeaders, STACK_SET_HEADERS } from '@messagesend/sip-ua/tech-kit';
import { SipTechReason } from './errors.js';
import type { FromParts } from './from.js';
import { printChanSipFrom, printChanSipTo } from './print-headers.js';

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
  // chan_sip: a non-integer or a value below 1 is "reached zero" and nothing is sent; else value-1.
  const data = dataHeaders(message.data, {
    blocked: STACK_SET_HEADERS,
    maxForwards: (value) => (/^\s*\d+\s*$/.test(value) && Number(value) >= 1 ? Number(value) - 1 : undefined),
  });
  if (!data.ok)
    return fail(
      data.problem === 'max-forwards' ? SipTechReason.MaxForwardsExhausted : SipTechReason.BadHeader,
      data.detail,
    );
  warnings.push(...data.warnings);
  try {
    const request = buildRequest({
      method: 'MESSAGE',
      callId: message.id,
      requestUri: input.requestUri,
      from: printChanSipFrom({ ...input.from, port: input.localPort, tls: input.tls }),
      to: printChanSipTo(input.requestUri),
      maxForwards: data.maxForwards ?? 70,
      route: input.route ? [input.route] : [],
      userAgent: data.hasUserAgent ? undefined : input.userAgent,
      headers: data.headers,
      contentType: data.contentType ?? message.contentType ?? 'text/plain;charset=UTF-8',
      body: message.body,
    });
    return { ok: true, request, warnings };
  } catch (error) {
    return fail(SipTechReason.BadHeader, (error as Error).message);
  }
}
