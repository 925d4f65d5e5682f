import type { Outcome } from '@messagesend/core';
import { assertSafeHeader, canonicalHeaderName, type HeaderField } from '../mechanics/wire/headers.js';

/**
 * Headers message data may not set because the stack sets them (Asterisk's pjsip and chan_sip
 * blocklists; Content-Type is taken out separately), lower case.
 */
export const STACK_SET_HEADERS: ReadonlySet<string> = new Set([
  'to',
  'from',
  'via',
  'route',
  'contact',
  'call-id',
  'cseq',
  'allow',
  'content-length',
  'request-uri',
]);

/** A header name in lower case, a compact form replaced by its full name (see canonicalHeaderName). */
export const fullHeaderName: (name: string) => string = canonicalHeaderName;

export interface DataHeaderRules {
  /** Lower-case names the message data may not set (the stack sets them); each is reported. */
  blocked: ReadonlySet<string>;
  /** The Max-Forwards to send for a data value, or undefined when it is used up (nothing is sent). */
  maxForwards(value: string): number | undefined;
}

/** Why message data cannot be sent as headers; each technology maps it to its own send reason. */
export const DataHeaderRejection = {
  /** The Max-Forwards data value is used up. */
  MaxForwards: 'max-forwards',
  /** A name or value that could inject a header line. */
  BadHeader: 'bad-header',
} as const;
export type DataHeaderRejectionReason = (typeof DataHeaderRejection)[keyof typeof DataHeaderRejection];

export interface DataHeaderFields {
  headers: HeaderField[];
  /** From a Max-Forwards data value, when there is one. */
  maxForwards?: number;
  /** A Content-Type data value, verbatim (each technology applies its own rule to it). */
  contentType?: string;
  /** Whether the data sets User-Agent (then the default is not added). */
  hasUserAgent: boolean;
  warnings: string[];
}

export type DataHeaders = Outcome<DataHeaderFields, DataHeaderRejectionReason>;

/**
 * MESSAGE_DATA as custom headers, in their order (Asterisk R2.6.5, R3.5): blocked names (compact
 * forms read as their full names) are skipped with a warning, Content-Type and Max-Forwards are taken out for the caller's rules,
 * and a name or value that could inject a header line is refused.
 */
export function dataHeaders(data: Record<string, string> | undefined, rules: DataHeaderRules): DataHeaders {
  // Most messages carry no data: one shared, frozen answer for them, nothing made per send.
  if (data === undefined || data === null) return NO_DATA;
  const headers: HeaderField[] = [];
  const warnings: string[] = [];
  const result: DataHeaders & { ok: true } = { ok: true, headers, hasUserAgent: false, warnings };
  for (const [name, value] of Object.entries(data)) {
    const lower = fullHeaderName(name);
    if (lower === 'max-forwards') {
      const next = rules.maxForwards(value);
      if (next === undefined) {
        return {
          ok: false,
          reason: DataHeaderRejection.MaxForwards,
          detail: `MESSAGE(Max-Forwards) reached zero (value "${value}"); MESSAGE not sent`,
        };
      }
      result.maxForwards = next;
      continue;
    }
    if (lower === 'content-type') {
      result.contentType = value;
      continue;
    }
    if (rules.blocked.has(lower)) {
      const full = lower === name.toLowerCase() ? '' : ` (${lower})`;
      warnings.push(`data header "${name}"${full} is set by the SIP stack and was not sent`);
      continue;
    }
    try {
      assertSafeHeader(name, value);
    } catch (error) {
      return { ok: false, reason: DataHeaderRejection.BadHeader, detail: (error as Error).message };
    }
    if (lower === 'user-agent') result.hasUserAgent = true;
    headers.push({ name, value });
  }
  return result;
}

/** The fields of a message without data (frozen: shared by every such send). */
const NO_DATA: DataHeaders = Object.freeze({
  ok: true,
  headers: Object.freeze([]) as unknown as HeaderField[],
  hasUserAgent: false,
  warnings: Object.freeze([]) as unknown as string[],
});
