import type { DeliveryReport, Message, Router, SendOptions, SendResult } from '@messagesend/core';
import { EXIT } from '../exit-codes.js';
import { table } from '../output.js';
import { reportText } from '../report-text.js';
import type { OutputGuard } from '../safe-output.js';
import { type LoadedTechs, unavailableHint } from '../techs.js';
import { waitedReport } from '../waited-report.js';
import { createPacer } from './pacer.js';
import { createProgress } from './progress.js';
import type { BulkRow } from './rows.js';

/** What `send --each` exits with when Ctrl-C stopped it (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

export interface BulkSettings {
  concurrency: number;
  /** Sends started per second at most. */
  rate?: number;
  json: boolean;
  /** List every row in the summary, not only the failures. */
  all: boolean;
}

interface Done {
  row: BulkRow;
  result: SendResult;
  report?: DeliveryReport;
}

/** A row failed when it was not SUCCESS, or (with --wait) its delivery report is not `delivered`. */
const failedRow = (done: Done): boolean =>
  done.result.status !== 'SUCCESS' || (done.report !== undefined && done.report.outcome !== 'delivered');

/**
 * Sends every row, `concurrency` at once and at most `rate` a second. Ctrl-C stops starting new
 * sends, lets the ones in flight settle (each is bounded by its own deadline), prints the partial
 * summary and exits 130: every row is then either reported or counted as not started.
 */
export async function runBulk(
  router: Router,
  rows: BulkRow[],
  base: { message: Message; options: SendOptions },
  settings: BulkSettings,
  output: { guard: OutputGuard; loaded: LoadedTechs },
): Promise<number> {
  const { guard, loaded } = output;
  // Running counts, and only the rows the summary lists: recounting a list of every finished row
  // after each send made a 10,000-line run quadratic.
  let doneCount = 0;
  let failedCount = 0;
  const listed: Done[] = [];
  const pacer = createPacer(settings.rate);
  const progress = createProgress(process.stderr, !settings.json);
  let interrupted = false;
  let inFlight = 0;
  const onInterrupt = (): void => {
    interrupted = true;
    pacer.stop();
    process.stderr.write(
      `\ninterrupted: starting no new sends; waiting for ${inFlight} in flight (Ctrl-C again to abandon them)\n`,
    );
    // A second Ctrl-C gets Node's default: the process ends at once.
    process.removeListener('SIGINT', onInterrupt);
  };
  process.on('SIGINT', onInterrupt);

  let next = 0;
  const counts = () => ({ done: doneCount, failed: failedCount, total: rows.length });
  const sendRow = async (row: BulkRow): Promise<Done> => {
    const message: Message = { ...base.message, ...(row.body !== undefined ? { body: row.body } : {}) };
    if (row.data) message.data = { ...base.message.data, ...row.data };
    const options: SendOptions = {
      ...base.options,
      ...(row.from !== undefined ? { from: row.from } : {}),
      ...(row.to !== undefined ? { to: row.to } : {}),
    };
    const result = await router.send(row.destination, message, options);
    const report = await waitedReport(result, options.waitForDelivery === true);
    return { row, result, ...(report ? { report } : {}) };
  };
  const worker = async (): Promise<void> => {
    while (next < rows.length && !interrupted) {
      if (!(await pacer.wait())) break;
      if (next >= rows.length) break;
      const row = rows[next++]!;
      inFlight++;
      const done = await sendRow(row);
      inFlight--;
      doneCount++;
      const failed = failedRow(done);
      if (failed) failedCount++;
      if (failed || settings.all) listed.push(done);
      if (settings.json) process.stdout.write(`${jsonLine(done, loaded, guard)}\n`);
      progress.update(counts());
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, rows.length) }, worker));
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  progress.finish(counts());

  const notStarted = rows.length - doneCount;
  const summary = {
    total: rows.length,
    succeeded: doneCount - failedCount,
    failed: failedCount,
    notStarted,
    interrupted,
  };
  if (settings.json) {
    process.stdout.write(`${guard.json({ summary })}\n`);
  } else {
    listed.sort((a, b) => a.row.line - b.row.line);
    if (listed.length > 0) {
      const cells = listed.map(({ row, result, report }) => [
        String(row.line),
        guard.text(row.destination),
        result.status,
        result.reason ?? report?.outcome ?? '',
        guard.text(
          (report ? reportText(report) : (result.detail ?? unavailableHint(row.destination, loaded))) ?? '',
        ),
      ]);
      process.stdout.write(`${table(['line', 'destination', 'status', 'reason', 'detail'], cells)}\n`);
    }
    process.stdout.write(
      `${summary.succeeded} succeeded, ${summary.failed} failed` +
        (interrupted ? `, ${notStarted} not started (interrupted)` : '') +
        '\n',
    );
  }
  if (interrupted) return EXIT_INTERRUPTED;
  return failedCount === 0 ? EXIT.SUCCESS : EXIT.FAILURE;
}

function jsonLine({ row, result, report }: Done, loaded: LoadedTechs, guard: OutputGuard): string {
  const { delivery: _pending, ...rest } = result;
  const hint = result.status === 'INVALID_PROTOCOL' ? unavailableHint(row.destination, loaded) : undefined;
  return guard.json({
    line: row.line,
    destination: row.destination,
    ...rest,
    ...(report ? { delivery: report } : {}),
    ...(hint ? { hint } : {}),
  });
}
