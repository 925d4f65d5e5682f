/**
 * Keeps the process alive until `work` settles. The SIP stack holds the process only through
 * its timers, and over TCP or TLS a request waiting for its response under the router's deadline
 * has none that is ref'd (no retransmissions, and the deadline's timer is unref'd): Node would find
 * the event loop empty and exit 13 in the middle of `send --wait`. Every send is bounded by its
 * deadline, so this hold ends.
 */
export async function holdProcessWhile<T>(work: () => Promise<T>): Promise<T> {
  const hold = setInterval(() => {}, 1 << 30);
  try {
    return await work();
  } finally {
    clearInterval(hold);
  }
}
