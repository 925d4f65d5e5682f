import type { DeliveryReport, SendResult } from '../message.js';
import { Reason, RouterCode } from '../reasons.js';
import { SendStatus } from '../status.js';
import type { TechSendOutcome } from '../tech.js';
import { describe, notSent, refused } from './refusal.js';
import type { RoutedSend } from './routed-send.js';
import type { BoundHandlers, SendBound } from './send-bound.js';

/** Turns a technology's outcome into the caller's SendResult, with a delivery report that settles. */
export function toResult(send: RoutedSend, outcome: TechSendOutcome): SendResult {
  const { tech, dryRun, started } = send;
  const valid =
    typeof outcome === 'object' &&
    outcome !== null &&
    (outcome.status === SendStatus.Success || outcome.status === SendStatus.Failure);
  if (!valid) {
    return refused(
      SendStatus.Failure,
      Reason.TechThrew,
      `${tech.name} send() returned no valid outcome`,
      started,
      tech,
    );
  }
  const warnings =
    Array.isArray(outcome.warnings) && outcome.warnings.length > 0 ? [...outcome.warnings] : [];
  if (outcome.status === SendStatus.Failure) {
    const reason = outcome.reason ?? RouterCode.Unspecified;
    return {
      status: SendStatus.Failure,
      tech: tech.name,
      reason,
      detail: outcome.detail,
      warnings,
      preview: outcome.preview,
      delivery: Promise.resolve(notSent(reason, outcome.detail, started)),
    };
  }
  const delivery = dryRun
    ? Promise.resolve(notSent(RouterCode.DryRun, 'dry run: nothing was sent', started))
    : boundDelivery(outcome.delivery, started, send);
  return {
    status: SendStatus.Success,
    tech: tech.name,
    warnings,
    preview: outcome.preview,
    detail: outcome.detail,
    delivery,
  };
}

function boundDelivery(
  delivery: TechSendOutcome['delivery'],
  started: number,
  bound: SendBound,
): Promise<DeliveryReport> {
  if (delivery === undefined)
    return Promise.resolve({ outcome: 'delivered', elapsedMs: performance.now() - started });
  return bound.within(Promise.resolve(delivery), DELIVERY_ENDINGS);
}

const elapsedMs = (bound: SendBound): number => performance.now() - bound.started;

/** How the wait for the report ends: constants, given the bound, rather than closures per send. */
const DELIVERY_ENDINGS: BoundHandlers<Awaited<NonNullable<TechSendOutcome['delivery']>>, DeliveryReport> = {
  last: true,
  map: (report, bound) => toReport(report, bound.started),
  // Only for a technology that ignores the deadline: one that honours it reports first.
  onExpiry: (bound) => ({
    outcome: 'timeout',
    code: Reason.TechTimeout,
    detail: `the technology gave no final outcome within ${bound.timeoutMs} ms`,
    elapsedMs: elapsedMs(bound),
  }),
  onReject: (error, bound) => ({
    outcome: 'error',
    detail: describe(error),
    elapsedMs: elapsedMs(bound),
  }),
  onStop: (bound) => ({
    outcome: 'error',
    code: Reason.RouterClosed,
    detail: 'sent, but the router closed before the technology reported the final outcome',
    elapsedMs: elapsedMs(bound),
  }),
};

const OUTCOMES = new Set(['delivered', 'rejected', 'timeout', 'error', 'not-sent']);

/** Copies a technology's report into a fresh, well-formed DeliveryReport. */
function toReport(
  report: Awaited<NonNullable<TechSendOutcome['delivery']>>,
  started: number,
): DeliveryReport {
  if (typeof report !== 'object' || report === null || !OUTCOMES.has(report.outcome)) {
    return {
      outcome: 'error',
      detail: 'the technology gave no valid delivery report',
      elapsedMs: performance.now() - started,
    };
  }
  const out: DeliveryReport = {
    outcome: report.outcome,
    elapsedMs: report.elapsedMs ?? performance.now() - started,
  };
  if (report.code !== undefined) out.code = report.code;
  if (report.detail !== undefined) out.detail = report.detail;
  return out;
}

/** The FAILURE reason `waitForDelivery` gives a report that is not `delivered`. */
export function deliveryReason(report: DeliveryReport): string {
  if (report.outcome === 'rejected') return Reason.DeliveryRejected;
  if (report.outcome === 'timeout') return Reason.DeliveryTimeout;
  return Reason.DeliveryError;
}
