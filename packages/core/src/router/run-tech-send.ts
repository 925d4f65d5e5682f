import { onAbort } from '../deadline.js';
import { Reason } from '../reasons.js';
import type { MessageTech, TechSendOutcome } from '../tech.js';
import { describe, failure } from './refusal.js';
import type { SendBound } from './send-bound.js';

/**
 * Calls a technology's send() and bounds it: a throw or a rejection is TECH_THREW, the deadline's
 * end TECH_TIMEOUT, the router's stop ROUTER_CLOSED, the caller's abort ABORTED.
 */
export function runTechSend(
  tech: MessageTech<unknown>,
  bound: SendBound,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  call: () => Promise<TechSendOutcome>,
): Promise<TechSendOutcome> {
  let pending: Promise<TechSendOutcome>;
  try {
    pending = Promise.resolve(call());
  } catch (error) {
    return Promise.resolve(failure(Reason.TechThrew, `${tech.name} send() threw: ${describe(error)}`));
  }
  const bounded = bound.within(pending, {
    map: (outcome) => outcome,
    onExpiry: () => failure(Reason.TechTimeout, `${tech.name} send() did not finish within ${timeoutMs} ms`),
    onReject: (error) => failure(Reason.TechThrew, `${tech.name} send() threw: ${describe(error)}`),
    onStop: () => failure(Reason.RouterClosed, `the router closed before ${tech.name} send() finished`),
  });
  if (signal === undefined) return bounded;
  return new Promise((resolve) => {
    const detach = onAbort(signal, () => resolve(failure(Reason.Aborted, 'aborted while sending')));
    bounded.then((outcome) => {
      detach();
      resolve(outcome);
    });
  });
}
