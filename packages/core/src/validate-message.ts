import type { SendOptions } from './message.js';

/** Returns why `message` is not a usable Message, or undefined when it is. */
export function messageProblem(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return 'message must be an object';
  const m = message as Record<string, unknown>;
  if (typeof m.body !== 'string') return 'message.body must be a string';
  for (const field of ['from', 'to', 'contentType'] as const) {
    if (m[field] !== undefined && typeof m[field] !== 'string') return `message.${field} must be a string`;
  }
  if (m.id !== undefined && !(typeof m.id === 'string' && /^[A-Za-z0-9._~+-]{1,128}$/.test(m.id)))
    return 'message.id must be 1-128 of A-Z a-z 0-9 . _ ~ + -';
  if (m.data !== undefined) {
    if (typeof m.data !== 'object' || m.data === null || Array.isArray(m.data)) {
      return 'message.data must be an object of strings';
    }
    for (const [name, value] of Object.entries(m.data)) {
      if (typeof value !== 'string') return `message.data["${name}"] must be a string`;
    }
  }
  return undefined;
}

/** Returns why `options` are not usable SendOptions, or undefined when they are. */
export function optionsProblem(options: unknown): string | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) return 'options must be an object';
  const o = options as SendOptions & Record<string, unknown>;
  for (const field of ['from', 'to'] as const) {
    if (o[field] !== undefined && typeof o[field] !== 'string') return `options.${field} must be a string`;
  }
  if (
    o.timeoutMs !== undefined &&
    !(typeof o.timeoutMs === 'number' && o.timeoutMs > 0 && o.timeoutMs < 2 ** 31)
  ) {
    return 'options.timeoutMs must be a positive number of milliseconds';
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal))
    return 'options.signal must be an AbortSignal';
  return undefined;
}
