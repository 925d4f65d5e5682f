/**
 * One grace bound for a whole shutdown. Each step (the dialplan's runs, the router's sends, the
 * technologies' transactions, the ARI answers) gets what is left of it, not a fresh `graceMs`
 * of its own: a send hanging on a silent peer would otherwise hold every step up in turn.
 */
export interface ShutdownDeadline {
  /** Whole milliseconds left (0 once the grace has passed). */
  remainingMs(): number;
}

export function shutdownDeadline(
  graceMs: number,
  now: () => number = () => performance.now(),
): ShutdownDeadline {
  const end = now() + Math.max(0, graceMs);
  return { remainingMs: () => Math.max(0, Math.ceil(end - now())) };
}
