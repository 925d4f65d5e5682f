import { onAbort } from '../deadline.js';
import { Reason } from '../reasons.js';
import type { MessageTech, TechSendOutcome } from '../tech.js';
import { describe, failure } from './refusal.js';
import type { BoundHandlers, SendBound } from './send-bound.js';

/** How the wait for send() ends: constants, given the bound, rather than closures per send. */
const SEND_ENDINGS: BoundHandlers<TechSendOutcome, TechSendOutcome> = {
  map: (outcome) => outcome,
  onExpiry: (bound) =>
    failure(Reason.TechTimeout, `${bound.techName} send() did not finish within ${bound.timeoutMs} ms`),
  onReject: (error, bound) => failure(Reason.TechThrew, `${bound.techName} send() threw: ${describe(error)}`),
  onStop: (bound) =>
    failure(Reason.RouterClosed, `the router closed before ${bound.techName} send() finished`),
};

/** The outcome of a technology whose send() threw instead of returning a promise. */
export function thrown(tech: MessageTech<unknown>, error: unknown): TechSendOutcome {
  return failure(Reason.TechThrew, `${tech.name} send() threw: ${describe(error)}`);
}

/**
 * Bounds a technology's send() (called by the caller, its throw turned into {@link thrown}, so no
 * closure is made per send to call it here): a rejection is TECH_THREW, the deadline's end
 * TECH_TIMEOUT, the router's stop ROUTER_CLOSED, the caller's abort ABORTED.
 */
export function runTechSend(
  bound: SendBound,
  signal: AbortSignal | undefined,
  pending: Promise<TechSendOutcome>,
): Promise<TechSendOutcome> {
  const bounded = bound.within(pending, SEND_ENDINGS);
  if (signal === undefined) return bounded;
  return new Promise((resolve) => {
    const detach = onAbort(signal, () => resolve(failure(Reason.Aborted, 'aborted while sending')));
    bounded.then((outcome) => {
      detach();
      resolve(outcome);
    });
  });
}
