import { type DeliveryReport, sanitizeRemoteText, type TechSendOutcome } from '@messagesend/core';
import type { Dispatch, SendHandle, SendMapping, SendOutcome } from '../mechanics/send/send-types.js';
import { deliveryReport } from './delivery.js';

/**
 * A technology's outcome for a SIP send: SUCCESS once the request is handed to a transport (with
 * the final response as the delivery report), FAILURE with the stack's reason otherwise. Details
 * carry the peer's own words (a reason phrase, a challenge's realm), so they are made safe for
 * terminals and logs before they leave the SIP layer.
 */
export function techOutcome(handle: SendHandle, warnings: string[]): Promise<TechSendOutcome> {
  // One then(), not an async function awaiting: a promise or two less per send. The delivery
  // report's then() is made only for a request that was written.
  return handle.dispatched.then((dispatched): TechSendOutcome => {
    if (!dispatched.ok) return failedDispatch(dispatched, warnings);
    return { status: 'SUCCESS', warnings, delivery: handle.outcome.then(safeReport) };
  });
}

/**
 * techOutcome's mapping, made by the stack in its own steps (SipStack.sendMapped): the dispatch
 * is the technology's outcome, the outcome its delivery report, with no then() of ours per send.
 * The state is the send's warnings.
 */
export const TECH_OUTCOME: SendMapping<TechSendOutcome, Omit<DeliveryReport, 'elapsedMs'>, string[]> = {
  dispatched: (dispatched, report, warnings) =>
    dispatched.ok ? { status: 'SUCCESS', warnings, delivery: report } : failedDispatch(dispatched, warnings),
  outcome: (outcome) => safeReport(outcome),
};

/** A request never written: FAILURE with the stack's reason, its detail made safe to print. */
function failedDispatch(dispatched: Dispatch & { ok: false }, warnings: string[]): TechSendOutcome {
  return {
    status: 'FAILURE',
    reason: dispatched.reason,
    detail: sanitizeRemoteText(dispatched.detail),
    warnings,
  };
}

/** One step, not two chained then()s: a promise less per send. */
function safeReport(outcome: SendOutcome): Omit<DeliveryReport, 'elapsedMs'> {
  const report = deliveryReport(outcome);
  if (report.detail === undefined) return report;
  const detail = sanitizeRemoteText(report.detail);
  return detail === report.detail ? report : { ...report, detail };
}
