import type { SendDeadline } from '@messagesend/core';
import { type LocateResult, locate } from '../dns/locate.js';
import { findHeader, type HeaderField } from '../wire/headers.js';
import type { Endpoint } from '../wire/message.js';
import type { SendRequestOptions, StackContext } from './send-types.js';

/** The targets a caller gave instead of a DNS lookup, as a location result. */
export function givenTargets(target: Endpoint | Endpoint[]): LocateResult {
  return { ok: true, targets: Array.isArray(target) ? target : [target] };
}

/**
 * RFC 3263 location of `routeUri` over the stack's protocols (only `options.protocol` when set);
 * undefined when the caller, the deadline or the stack's close ends the wait first.
 */
export function locateTargets(
  context: StackContext,
  routeUri: string,
  options: SendRequestOptions,
  deadline: SendDeadline,
  signal: AbortSignal | undefined,
): Promise<LocateResult | undefined> {
  return untilAborted(
    locate(routeUri, {
      protocols: options.protocol
        ? [options.protocol].filter((p) => context.transports.has(p))
        : [...context.transports.keys()],
      resolver: context.resolver,
    }),
    [signal, deadline.signal],
    context.track,
  );
}

/** The URI of the first Route header, where a request with a route set goes first. */
export function firstRouteUri(headers: HeaderField[]): string | undefined {
  const route = findHeader(headers, 'route');
  const match = route ? /<([^>]+)>/.exec(route) : undefined;
  return match?.[1];
}

/**
 * `pending`'s value, or undefined as soon as one of `signals` aborts or the stack cancels it
 * through `track` (DNS takes no signal). Shutdown goes through `track`, not a listener on the
 * stack's one shared signal, which thousands of sends would overload.
 */
function untilAborted<T>(
  pending: Promise<T>,
  signals: (AbortSignal | undefined)[],
  track: StackContext['track'],
): Promise<T | undefined> {
  const live = signals.filter((signal) => signal !== undefined);
  if (live.some((signal) => signal.aborted)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const stop = (): void => finish(undefined);
    const untrack = track(stop);
    const finish = (value: T | undefined): void => {
      untrack();
      for (const signal of live) signal.removeEventListener('abort', stop);
      resolve(value);
    };
    for (const signal of live) signal.addEventListener('abort', stop, { once: true });
    pending.then(finish, () => finish(undefined));
  });
}
