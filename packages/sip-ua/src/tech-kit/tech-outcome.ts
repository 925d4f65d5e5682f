import { type DeliveryReport, sanitizeRemoteText, type TechSendOutcome } from '@messagesend/core';
import type { SendHandle } from '../mechanics/send/send-types.js';
import { deliveryReport } from './delivery.js';

/**
 * A technology's outcome for a SIP send: SUCCESS once the request is handed to a transport (with
 * the final response as the delivery report), FAILURE with the stack's reason otherwise. Details
 * carry the peer's own words (a reason phrase, a challenge's realm), so they are made safe for
 * terminals and logs before they leave the SIP layer.
 */
export async function techOutcome(handle: SendHandle, warnings: string[]): Promise<TechSendOutcome> {
  const dispatched = await handle.dispatched;
  if (!dispatched.ok)
    return {
      status: 'FAILURE',
      reason: dispatched.reason,
      detail: sanitizeRemoteText(dispatched.detail),
      warnings,
    };
  return { status: 'SUCCESS', warnings, delivery: handle.outcome.then(deliveryReport).then(safeReport) };
}

function safeReport(report: Omit<DeliveryReport, 'elapsedMs'>): Omit<DeliveryReport, 'elapsedMs'> {
  return report.detail === undefined ? report : { ...report, detail: sanitizeRemoteText(report.detail) };
}
