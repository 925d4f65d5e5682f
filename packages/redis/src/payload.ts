import type { Message } from '@messagesend/core';
import type { RetryPolicyInput } from './retry-policy.js';

/** What a queued job carries; version 1. Anything else in a job is moved aside, never retried. */
export interface SendPayload {
  v: 1;
  destination: string;
  message: Message;
  from?: string;
  to?: string;
  timeoutMs?: number;
  policy?: RetryPolicyInput;
  /** Kept when the endpoint has no registered contact, for this long. */
  storeForMs?: number;
  enqueuedAt: number;
  /** Sub-millisecond enqueue time: stored messages are sent in this order. */
  order?: number;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const optionalString = (value: unknown): boolean => value === undefined || isString(value);

/** The payload, or why it cannot be one (a job written by something else, or corrupted). */
export function decodePayload(data: unknown): SendPayload | string {
  if (typeof data !== 'object' || data === null) return 'job data is not an object';
  const p = data as Record<string, unknown>;
  if (p.v !== 1) return `unknown payload version ${JSON.stringify(p.v)}`;
  if (!isString(p.destination) || p.destination === '') return 'destination is not a string';
  if (typeof p.enqueuedAt !== 'number') return 'enqueuedAt is not a number';
  const m = p.message as Record<string, unknown> | undefined;
  if (typeof m !== 'object' || m === null || !isString(m.body)) return 'message.body is not a string';
  for (const field of ['from', 'to', 'contentType'])
    if (!optionalString(m[field])) return `message.${field} is not a string`;
  if (m.data !== undefined) {
    if (typeof m.data !== 'object' || m.data === null) return 'message.data is not an object';
    for (const value of Object.values(m.data))
      if (!isString(value)) return 'message.data has a non-string value';
  }
  if (!optionalString(p.from) || !optionalString(p.to)) return 'from/to is not a string';
  if (p.timeoutMs !== undefined && typeof p.timeoutMs !== 'number') return 'timeoutMs is not a number';
  if (p.order !== undefined && typeof p.order !== 'number') return 'order is not a number';
  if (p.storeForMs !== undefined && typeof p.storeForMs !== 'number') return 'storeForMs is not a number';
  if (p.policy !== undefined && (typeof p.policy !== 'object' || p.policy === null))
    return 'policy is not an object';
  return data as SendPayload;
}

/** The technology name of a destination (`pjsip:bob`, `PJSIP/bob`), lower case, for per-technology policies. */
export function techOf(destination: string): string {
  const match = /^([A-Za-z0-9_-]+)[:/]/.exec(destination);
  return (match?.[1] ?? '').toLowerCase();
}
