// Drives N MESSAGE transactions with W in flight and records each one's latency.
export async function drive(total, window, sendOne) {
  const latencies = new Float64Array(total);
  let next = 0;
  let failures = 0;
  const started = performance.now();
  async function worker() {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      const ok = await sendOne(index);
      latencies[index] = performance.now() - t0;
      if (!ok) failures++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(window, total) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { rate: total / seconds, ...percentiles(Array.from(latencies)), failures };
}

export function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Untimed sends until the sender is in its steady state: chunks of `chunk` messages, at least
 * `min` and at most `max` in all, until a chunk's CPU per message is within 10% of the lowest
 * chunk's so far. Measured at window 10, each new cell ran its first 2,000 messages at 85-160 µs
 * of CPU each and settled at 17-22 µs after 6,000-12,000 (later for the router rows), even with
 * the JIT warm from an earlier cell: a fixed warm-up either wasted time or measured part of it.
 * Returns how many messages it sent.
 */
export async function warmUp(window, sendOne, { min = 10_000, max = 40_000 } = {}) {
  const chunk = Math.max(2000, 2 * window);
  let sent = 0;
  let lowest = Number.POSITIVE_INFINITY;
  while (sent < max) {
    const before = process.cpuUsage();
    await drive(chunk, window, sendOne);
    const used = process.cpuUsage(before);
    const perMessage = (used.user + used.system) / chunk;
    sent += chunk;
    lowest = Math.min(lowest, perMessage);
    if (sent >= min && perMessage <= lowest * 1.1) break;
  }
  return sent;
}
