import { type DeliveryReport, sanitizeRemoteText, type TechSendOutcome } from '@messagesend/core';
import type { SendHandle, SendOutcome } from '../mechanics/send/send-types.js';
import { deliveryReport } from './delivery.js';

/**
 * A technology's outcome for a SIP send: SUCCESS once the request is handed to a transport (with
 * the final response as the delivery report), FAILURE with the stack's reason otherwise. Details
 * carry the peer's own words (a reason phrase, a challenge's realm), so they are made safe for
 * terminals and logs before they leave the SIP layer.
 */
export function techOutcome(handle: SendHandle, warnings: string[]): Promise<TechSendOutcome> {
  // One then(), not an async function awaiting: a promise or two less per send.
  return handle.dispatched.then((dispatched): TechSendOutcome => {
    if (!dispatched.ok)
      return {
        status: 'FAILURE',
        reason: dispatched.reason,
        detail: sanitizeRemoteText(dispatched.detail),
        warnings,
      };
    return { status: 'SUCCESS', warnings, delivery: handle.outcome.then(safeReport) };
  });
}

/** One step, not two chained then()s: a promise less per send. */
function safeReport(outcome: SendOutcome): Omit<DeliveryReport, 'elapsedMs'> {
  const report = deliveryReport(outcome);
  if (report.detail === undefined) return report;
  const detail = sanitizeRemoteText(report.detail);
  return detail === report.detail ? report : { ...report, detail };
}
