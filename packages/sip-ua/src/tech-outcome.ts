import type { TechSendOutcome } from '@messagesend/core';
import { deliveryReport } from './delivery.js';
import type { SendHandle } from './send-request.js';

/**
 * A technology's outcome for a SIP send: SUCCESS once the request is handed to a transport (with
 * the final response as the delivery report), FAILURE with the stack's reason otherwise.
 */
export async function techOutcome(handle: SendHandle, warnings: string[]): Promise<TechSendOutcome> {
  const dispatched = await handle.dispatched;
  if (!dispatched.ok)
    return { status: 'FAILURE', reason: dispatched.reason, detail: dispatched.detail, warnings };
  return { status: 'SUCCESS', warnings, delivery: handle.outcome.then(deliveryReport) };
}
