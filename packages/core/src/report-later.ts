/**
 * Reports `error` as uncaught on a later turn, as EventTarget and timers do for a listener that
 * throws: whoever called the listener goes on with the others.
 */
export function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
