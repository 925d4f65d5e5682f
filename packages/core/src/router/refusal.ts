import type { DeliveryReport, SendResult } from '../message.js';
import { SendStatus } from '../status.js';
import type { MessageTech, TechSendOutcome } from '../tech.js';

/** A send the router ends itself, before or instead of the technology: its report is not-sent. */
export function refused(
  status: SendResult['status'],
  reason: string,
  detail: string,
  started: number,
  tech?: MessageTech<unknown>,
): SendResult {
  return {
    status,
    ...(tech ? { tech: tech.name } : {}),
    reason,
    detail,
    warnings: [],
    delivery: Promise.resolve(notSent(reason, detail, started)),
  };
}

export function notSent(code: string, detail: string | undefined, started: number): DeliveryReport {
  return { outcome: 'not-sent', code, detail, elapsedMs: performance.now() - started };
}

/** The outcome the router puts in place of a technology's own when its send() went wrong. */
export function failure(reason: string, detail: string): TechSendOutcome {
  return { status: SendStatus.Failure, reason, detail };
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
