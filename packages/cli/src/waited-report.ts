import { type DeliveryReport, Reason, type SendResult } from '@messagesend/core';

/** The FAILURE reasons `waitForDelivery` makes of a sent message's report that is not `delivered`. */
const WAITED_REASONS: ReadonlySet<string> = new Set([
  Reason.DeliveryRejected,
  Reason.DeliveryTimeout,
  Reason.DeliveryError,
]);

/**
 * With `--wait`, the delivery report of a message that was sent: a SUCCESS, or the FAILURE the wait
 * made of a report that was not delivered. That FAILURE's reason is DELIVERY_TIMEOUT (or _REJECTED,
 * _ERROR); the report keeps the technology's own code (SIP_TIMEOUT, a 404, ...), so it is printed too.
 */
export async function waitedReport(result: SendResult, wait: boolean): Promise<DeliveryReport | undefined> {
  if (!wait) return undefined;
  const sent =
    result.status === 'SUCCESS' || (result.reason !== undefined && WAITED_REASONS.has(result.reason));
  return sent ? await result.delivery : undefined;
}
