/**
 * Keeps the Node.js process alive while sends are in flight, and only then. The sockets are
 * unref'd so a send-only script exits once its work is done; over UDP the retransmission timers
 * hold it meanwhile, but over TCP or TLS a request waiting for its response has no ref'd timer of
 * its own (no retransmissions, the deadline's timer is unref'd), and Node would exit in the middle
 * of the send (exit code 13 on an unsettled top-level await). Every send ends by its deadline, so
 * the hold always ends.
 */
export interface WorkHold {
  /** Holds the process until as many end() calls have matched the begin() calls. */
  begin(): void;
  end(): void;
}

/** A count, told by each send when it ends: no then() per send. */
export function createWorkHold(): WorkHold {
  let pending = 0;
  let handle: ReturnType<typeof setInterval> | undefined;
  return {
    begin() {
      pending += 1;
      handle ??= setInterval(() => {}, 1 << 30);
    },
    end() {
      pending -= 1;
      if (pending === 0 && handle) {
        clearInterval(handle);
        handle = undefined;
      }
    },
  };
}
