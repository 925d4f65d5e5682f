import type { TechSendContext, TechSendOutcome } from '@messagesend/core';
import type { OutgoingRequest, SipStack } from '@messagesend/sip-ua';
import { type DispatchOptions, techOutcome } from '@messagesend/sip-ua/tech-kit';
import { followRedirects, type RedirectTrail } from './redirect.js';

/**
 * The send of an endpoint with follow_redirect_methods=message: every hop on the one router
 * deadline, and the delivery report's detail naming the URI that answered (or why a 3xx was not
 * followed), so the caller learns where the message went.
 */
export async function dispatchFollowingRedirects(
  stack: SipStack,
  request: OutgoingRequest,
  options: DispatchOptions,
  context: TechSendContext,
  warnings: string[],
): Promise<TechSendOutcome> {
  const sendOne = (one: OutgoingRequest) =>
    stack.send(one, {
      credentials: options.credentials,
      maxAuthAttempts: options.maxAuthAttempts,
      timeoutMs: context.timeoutMs,
      ...(context.deadline ? { deadline: context.deadline } : {}),
      ...(options.protocol ? { protocol: options.protocol } : {}),
      ...(context.signal ? { signal: context.signal } : {}),
    });
  const trail: RedirectTrail = { tried: [] };
  const outcome = await techOutcome(followRedirects(sendOne, request, trail), warnings);
  if (outcome.status !== 'SUCCESS' || !outcome.delivery) return outcome;
  return {
    ...outcome,
    delivery: outcome.delivery.then((report) => {
      const last = trail.tried.at(-1);
      const where = last ? `; redirected ${trail.tried.length} time(s), last to ${last}` : '';
      const stopped = trail.stopped ? `; not followed: ${trail.stopped}` : '';
      const malformed = trail.malformedContacts
        ? `; ${trail.malformedContacts} malformed Contact entr${trail.malformedContacts === 1 ? 'y' : 'ies'} skipped`
        : '';
      return { ...report, detail: `${report.detail ?? ''}${where}${stopped}${malformed}` };
    }),
  };
}
