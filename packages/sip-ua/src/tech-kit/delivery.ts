import type { DeliveryReport } from '@messagesend/core';
import { SipReason } from '../mechanics/errors.js';
import type { SendOutcome } from '../mechanics/send/send-types.js';

/**
 * Core's delivery report for a SIP send: 2xx delivered, 3xx-6xx rejected, no answer timeout (always
 * code SIP_TIMEOUT), a failure after the request was written error, one before it not-sent.
 */
export function deliveryReport(outcome: SendOutcome): Omit<DeliveryReport, 'elapsedMs'> {
  switch (outcome.kind) {
    case 'response': {
      const { status, reason } = outcome.response;
      return {
        outcome: status < 300 ? 'delivered' : 'rejected',
        code: status,
        detail: `${status} ${reason}`.trim(),
      };
    }
    case 'timeout':
      return { outcome: 'timeout', code: SipReason.Timeout, detail: outcome.detail };
    case 'failed':
      return { outcome: outcome.sent ? 'error' : 'not-sent', code: outcome.reason, detail: outcome.detail };
  }
}
