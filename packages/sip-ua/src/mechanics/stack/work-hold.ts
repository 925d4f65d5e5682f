/**
 * Keeps the Node.js process alive while sends are in flight, and only then. The sockets are
 * unref'd so a send-only script exits once its work is done; over UDP the retransmission timers
 * hold it meanwhile, but over TCP or TLS a request waiting for its response has no ref'd timer of
 * its own (no retransmissions, the deadline's timer is unref'd), and Node would exit in the middle
 * of the send (exit code 13 on an unsettled top-level await). Every send ends by its deadline, so
 * the hold always ends.
 */
export interface WorkHold {
  /** Holds the process while `busy` (the stack says so as its count of sends in flight changes). */
  set(busy: boolean): void;
}

/** One ref'd handle while busy; the count it follows is the stack's send tracker's, not its own. */
export function createWorkHold(): WorkHold {
  let handle: ReturnType<typeof setInterval> | undefined;
  return {
    set(busy) {
      if (busy) handle ??= setInterval(() => {}, 1 << 30);
      else if (handle) {
        clearInterval(handle);
        handle = undefined;
      }
    },
  };
}
