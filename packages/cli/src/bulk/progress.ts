import type { Writable } from 'node:stream';

export interface ProgressCounts {
  done: number;
  failed: number;
  total: number;
}

/**
 * The `send --each` progress bar: done/total, failed, rate and ETA, redrawn at most ten times a
 * second on one line. Only on a terminal: a pipe or file gets no carriage returns.
 */
export function createProgress(stream: Writable & { isTTY?: boolean }, enabled: boolean) {
  const on = enabled && stream.isTTY === true;
  const started = Date.now();
  let drawnAt = 0;
  const draw = (counts: ProgressCounts, force: boolean): void => {
    const now = Date.now();
    if (!on || (!force && now - drawnAt < 100)) return;
    drawnAt = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = counts.done / seconds;
    const left = counts.total - counts.done;
    const eta = rate > 0 ? `${Math.ceil(left / rate)}s` : '?';
    const width = 30;
    const filled = counts.total === 0 ? width : Math.round((counts.done / counts.total) * width);
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts.done}/${counts.total}` +
        `  failed ${counts.failed}  ${rate.toFixed(1)}/s  ETA ${eta}\u001b[K`,
    );
  };
  return {
    update: (counts: ProgressCounts) => draw(counts, false),
    finish(counts: ProgressCounts) {
      draw(counts, true);
      if (on) stream.write('\n');
    },
  };
}
