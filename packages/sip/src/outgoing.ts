import { type Message, type Outcome, parseSipUri, type SipUri } from '@messagesend/core';
import { buildRequest, type OutgoingRequest } from '@messagesend/sip-ua';
import {
  DataHeaderRejection,
  DESTINATION_MEMO_LIMIT,
  dataHeaders,
  memoByDestination,
  STACK_SET_HEADERS,
} from '@messagesend/sip-ua/tech-kit';
import { ChanSipReason } from './errors.js';
import type { FromParts } from './from.js';
import { printChanSipFrom, printChanSipTo } from './print-headers.js';

/** The MESSAGE, or why it cannot be built; the warnings so far either way. */
export type SipOutgoing = Outcome<{ request: OutgoingRequest }> & { warnings: string[] };

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
  const data = dataHeaders(message.data, DATA_HEADER_RULES);
  if (!data.ok)
    return failed(
      data.reason === DataHeaderRejection.MaxForwards
        ? ChanSipReason.MaxForwardsExhausted
        : ChanSipReason.BadHeader,
      data.detail,
      warnings,
    );
  if (data.warnings.length > 0) warnings.push(...data.warnings);
  const parsedUri = parseOnce(input.requestUri);
  try {
    const request = buildRequest({
      method: 'MESSAGE',
      callId: message.id,
      requestUri: input.requestUri,
      parsedUri: parsedUri ?? undefined,
      parsedRoute: parsedUri ? parsedRouteOf(input.route) : undefined,
      from: printedFrom(input.from, input.localPort, input.tls),
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
    return failed(ChanSipReason.BadHeader, (error as Error).message, warnings);
  }
}

/**
 * The Request-URI (and Route) parsed once per distinct text, handed to sip-ua with the request so
 * location does not parse them again on every send. A text that does not parse is left to sip-ua.
 */
const parseOnce = memoByDestination(DESTINATION_MEMO_LIMIT, (text: string): SipUri | null => {
  const parsed = parseSipUri(text);
  return parsed.ok ? parsed.value : null;
});

/** The parsed Route of a request that has none (shared: location only reads it). */
const NO_ROUTE: SipUri[] = [];

/** The rules for MESSAGE_DATA headers: made once, not per send. */
const DATA_HEADER_RULES = {
  blocked: STACK_SET_HEADERS,
  // chan_sip: a non-integer or a value below 1 is "reached zero" and nothing is sent; else value-1.
  maxForwards: (value: string) =>
    /^\s*\d+\s*$/.test(value) && Number(value) >= 1 ? Number(value) - 1 : undefined,
};

/**
 * The parsed Route, given the Request-URI parsed: none at all (data cannot set one) is said so,
 * so location does not scan the headers for one on every send; one that does not parse is left
 * to sip-ua (undefined).
 */
function parsedRouteOf(route: string | undefined): SipUri[] | undefined {
  if (!route) return NO_ROUTE;
  const hop = parseOnce(route.replace(/^<|>$/g, ''));
  return hop ? [hop] : undefined;
}

/** A MESSAGE that cannot be built (a function, not a closure made on every send). */
function failed(reason: string, detail: string, warnings: string[]): SipOutgoing {
  return { ok: false, reason, detail, warnings };
}

/** The printed From of the same parts (memoised by the caller) and local port: printed once. */
const printedFroms = new WeakMap<FromParts, Map<number, string>>();

function printedFrom(from: FromParts, port: number, tls: boolean): string {
  let byPort = printedFroms.get(from);
  if (!byPort) {
    byPort = new Map();
    printedFroms.set(from, byPort);
  }
  // A number key, not a string made on every send: ports are 0-65535, TLS ones kept apart.
  const key = tls ? port + 65536 : port;
  let printed = byPort.get(key);
  if (printed === undefined) {
    printed = printChanSipFrom({ ...from, port, tls });
    if (byPort.size < 8) byPort.set(key, printed);
  }
  return printed;
}
