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
