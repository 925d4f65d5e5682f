import { onAbort, parseSipUri, type SendDeadline, type SipUri } from '@messagesend/core';
import { type LocateResult, locate, locateLiteral } from '../dns/locate.js';
import { findHeader, type HeaderField } from '../wire/headers.js';
import type { Endpoint, OutgoingRequest } from '../wire/message.js';
import type { SendRequestOptions, StackContext } from './send-types.js';

/** The targets a caller gave instead of a DNS lookup, as a location result. */
export function givenTargets(target: Endpoint | Endpoint[]): LocateResult {
  return { ok: true, targets: Array.isArray(target) ? target : [target] };
}

/** The protocols location may choose from: the stack's, or only `options.protocol` when set. */
function protocolsFor(context: StackContext, options: SendRequestOptions) {
  return options.protocol
    ? [options.protocol].filter((p) => context.transports.has(p))
    : [...context.transports.keys()];
}

/**
 * Location of the next hop without DNS, at once: the caller's targets, an IP literal's one target
 * (or the refusal when no transport fits); undefined when DNS must answer.
 */
export function locateAtOnce(
  context: StackContext,
  next: SipUri | string | undefined,
  options: SendRequestOptions,
): LocateResult | undefined {
  if (options.target) return givenTargets(options.target);
  if (next === undefined || typeof next === 'string') return undefined;
  // The technologies hand over the same parsed URI object on every send to a destination: its
  // location (an IP literal's one target, or "needs DNS") is worked out once per stack and protocol.
  const protocol = options.protocol ?? '';
  const stack = stackId(context);
  const known = literals.get(next);
  if (known && known.stack === stack && known.protocol === protocol) return known.result;
  const result = locateLiteral(next, protocolsFor(context, options));
  literals.set(next, { stack, protocol, result });
  return result;
}

/**
 * A LocateResult is never changed by its users (a changed target is always a copy). The entry
 * names its stack by number, not by reference: a URI kept by a technology must not keep a closed
 * stack's context (transports, transactions) reachable.
 */
const literals = new WeakMap<SipUri, { stack: number; protocol: string; result: LocateResult | undefined }>();
const stackIds = new WeakMap<StackContext, number>();
let lastStackId = 0;

function stackId(context: StackContext): number {
  let id = stackIds.get(context);
  if (id === undefined) {
    id = ++lastStackId;
    stackIds.set(context, id);
  }
  return id;
}

/**
 * RFC 3263 location of the next hop over the stack's protocols (only `options.protocol` when set);
 * undefined when the caller, the deadline or the stack's close ends the wait first.
 */
export function locateTargets(
  context: StackContext,
  next: SipUri | string,
  options: SendRequestOptions,
  deadline: SendDeadline,
  signal: AbortSignal | undefined,
): Promise<LocateResult | undefined> {
  return untilAborted(
    locate(next, { protocols: protocolsFor(context, options), resolver: context.resolver }),
    [signal, deadline.signal],
    context,
  );
}

/**
 * Where the request goes first (RFC 3261 §8.1.2): the first Route URI, else the Request-URI;
 * parsed as the builder left it, else parsed here once (the text when it does not parse, so
 * location reports it).
 */
export function nextHop(request: OutgoingRequest): SipUri | string {
  if (request.parsedRoute !== undefined)
    return request.parsedRoute[0] ?? request.parsedUri ?? parsedOrText(request.uri);
  const route = firstRouteUri(request.headers);
  if (route !== undefined) return parsedOrText(route);
  return request.parsedUri ?? parsedOrText(request.uri);
}

function parsedOrText(text: string): SipUri | string {
  const parsed = parseSipUri(text);
  return parsed.ok ? parsed.value : text;
}

/**
 * `pending`'s value, or undefined as soon as one of `signals` aborts or the stack cancels it
 * through `track` (DNS takes no signal). Shutdown goes through `track`, not a listener on the
 * stack's one shared signal, which thousands of sends would overload.
 */
function untilAborted<T>(
  pending: Promise<T>,
  signals: (AbortSignal | undefined)[],
  tracking: Pick<StackContext, 'track' | 'untrack'>,
): Promise<T | undefined> {
  const live = signals.filter((signal) => signal !== undefined);
  if (live.some((signal) => signal.aborted)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const stop = (): void => finish(undefined);
    const tracked = tracking.track(stop);
    // Through core's onAbort: lookups sharing a caller's signal share one listener on it.
    const detach = live.map((signal) => onAbort(signal, stop));
    const finish = (value: T | undefined): void => {
      tracking.untrack(tracked);
      for (const undo of detach) undo();
      resolve(value);
    };
    pending.then(finish, () => finish(undefined));
  });
}

/** The URI of the first Route header, where a request with a route set goes first. */
function firstRouteUri(headers: readonly HeaderField[]): string | undefined {
  const route = findHeader(headers, 'route');
  const match = route ? /<([^>]+)>/.exec(route) : undefined;
  return match?.[1];
}
