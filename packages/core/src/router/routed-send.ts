import type { OwnedDeadline } from '../deadline.js';
import type { SendResult } from '../message.js';
import { Reason } from '../reasons.js';
import { SendStatus } from '../status.js';
import type { Stopper } from '../stopper.js';
import type { MessageTech, TechSendOutcome } from '../tech.js';
import { RECEIVED_DATA_WARNING } from './received.js';
import { describe, failure } from './refusal.js';
import { type BoundHandlers, SendBound } from './send-bound.js';
import { deliveryReason, toResult } from './settle.js';

/**
 * One accepted send of the router: its bound, and what turning the technology's outcome into the
 * caller's SendResult needs. The result is made in the send wait's own handler, so the caller's
 * promise is the wait's promise: no then() and no closure per send after it.
 */
export class RoutedSend extends SendBound {
  constructor(
    deadline: OwnedDeadline,
    stopped: Stopper,
    readonly tech: MessageTech<unknown>,
    timeoutMs: number,
    started: number,
    onOver: () => void,
    readonly dryRun: boolean,
    /** Received headers were held back (see received.ts): the result says so. */
    readonly heldBack: boolean,
    readonly waitForDelivery: boolean,
  ) {
    super(deadline, stopped, tech.name, timeoutMs, started, onOver);
  }

  /** The caller's result: the technology's send() within the bound, then (if asked) its report. */
  run(sending: Promise<TechSendOutcome>, signal: AbortSignal | undefined): Promise<SendResult> {
    return this.within(sending, SEND_ENDINGS as BoundHandlers<TechSendOutcome, SendResult>, signal);
  }
}

/** The outcome of a technology whose send() threw instead of returning a promise. */
export function thrown(tech: MessageTech<unknown>, error: unknown): TechSendOutcome {
  return failure(Reason.TechThrew, `${tech.name} send() threw: ${describe(error)}`);
}

/**
 * How the wait for send() ends, each as the caller's result: constants, given the send, rather
 * than closures per send. A rejection is TECH_THREW, the deadline's end TECH_TIMEOUT, the router's
 * stop ROUTER_CLOSED, the caller's abort ABORTED.
 */
const SEND_ENDINGS: BoundHandlers<TechSendOutcome, SendResult | Promise<SendResult>> = {
  map: (outcome, send) => settle(send as RoutedSend, outcome),
  onExpiry: (send) =>
    settle(
      send as RoutedSend,
      failure(Reason.TechTimeout, `${send.techName} send() did not finish within ${send.timeoutMs} ms`),
    ),
  onReject: (error, send) =>
    settle(
      send as RoutedSend,
      failure(Reason.TechThrew, `${send.techName} send() threw: ${describe(error)}`),
    ),
  onStop: (send) =>
    settle(
      send as RoutedSend,
      failure(Reason.RouterClosed, `the router closed before ${send.techName} send() finished`),
    ),
  onAbort: (send) => settle(send as RoutedSend, failure(Reason.Aborted, 'aborted while sending')),
};

function settle(send: RoutedSend, outcome: TechSendOutcome): SendResult | Promise<SendResult> {
  let result: SendResult;
  try {
    result = toResult(send, outcome);
  } catch (error) {
    // Only a hostile outcome (a throwing getter) gets here: it is the technology's throw.
    const detail = `${send.techName} send() gave an unreadable outcome: ${describe(error)}`;
    result = toResult(send, failure(Reason.TechThrew, detail));
  }
  // A refusal, a dry run or a technology with no report: nothing left to wait for.
  if (!send.waitsForDelivery) send.end();
  if (send.heldBack) result.warnings.push(RECEIVED_DATA_WARNING);
  if (!send.waitForDelivery || result.status !== SendStatus.Success || send.dryRun) return result;
  return result.delivery.then((report) =>
    report.outcome === 'delivered'
      ? result
      : Object.assign({}, result, {
          status: SendStatus.Failure,
          reason: deliveryReason(report),
          detail: report.detail,
        }),
  );
}
