import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Message, SendOptions, SendResult } from '@messagesend/core';
import { readBulkRows } from '../bulk/rows.js';
import { runBulk } from '../bulk/run-bulk.js';
import { EXIT, exitCodeFor, UsageError } from '../exit-codes.js';
import { holdProcessWhile } from '../hold-process.js';
import { painter } from '../output.js';
import { reportText } from '../report-text.js';
import type { OutputGuard } from '../safe-output.js';
import { type LoadedTechs, refuseBroken, unavailableHint, unknownNameHint } from '../techs.js';
import { waitedReport } from '../waited-report.js';
import {
  bodyOption,
  COMMON_OPTIONS,
  dataOption,
  guardFor,
  routerFrom,
  TRACE_OPTION,
  timeoutOption,
} from './common.js';

export const SEND_HELP = `Usage: messagesend send <destination> [options]
       messagesend send --each FILE [options]

Sends one message, as Asterisk's MessageSend(destination, from, to).

Options:
  --from X             MessageSend's from argument (pjsip: From; sip: peer or "name" <uri>; xmpp: xmpp:<account>)
  --to Y               MessageSend's to argument (pjsip: the To header; ignored by sip: and xmpp:)
  --body TEXT          the message text (default: standard input)
  --data Name=Value    a MESSAGE_DATA value (a custom header); repeatable
  --content-type T     the body's content type
  --config-dir DIR     the folder of pjsip.conf, sip.conf and xmpp.conf; one folder is used as a whole:
                       this flag, else $MESSAGESEND_CONFIG_DIR, else ./ when it holds one of them, else /etc/asterisk
  -v, --verbose        say which folder and files were read, and log each step on standard error
  --trace              print the SIP and XMPP wire, both directions, on standard error (secrets and
                       SASL payloads masked)
  --tech PACKAGE       also load a third-party technology (repeatable), installed in the current
                       folder; its factory gets --tech-option name=value pairs (repeatable) and configDir
  --ca FILE            a private CA (PEM) trusted besides the system's: xmpp servers (STARTTLS) and
                       pjsip TLS transports (with a ca_list_file, besides that list)
  --wait               wait for the delivery report; a message not delivered exits 1
  --timeout S          bound in seconds for the send and its report (default 32)
  --dry-run            print the exact wire text; send nothing
  --each FILE          send to every row of FILE, or of standard input with -: one destination a line
                       (# comments), or CSV with a header line: destination,body,from,to,data:Name
  --concurrency N      with --each: sends at once (default 8)
  --rate N             with --each: at most N sends started per second
  --all                with --each: list every row in the summary, not only the failures
  --json               one JSON object per result
  -h, --help           this help

Exit codes: 0 SUCCESS, 1 FAILURE, 2 usage or configuration error, 3 INVALID_PROTOCOL, 4 INVALID_URI.
With --each: 0 when every send succeeded, else 1; 130 when Ctrl-C stopped it (the sends in flight
settle first, and the summary counts the rows not started).`;

export async function sendCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      ...TRACE_OPTION,
      from: { type: 'string' },
      to: { type: 'string' },
      body: { type: 'string' },
      data: { type: 'string', multiple: true },
      'content-type': { type: 'string' },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      'dry-run': { type: 'boolean' },
      each: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      all: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${SEND_HELP}\n`);
    return EXIT.SUCCESS;
  }
  if (values.each === undefined && positionals.length !== 1)
    throw new UsageError('send takes one destination (or --each FILE); see messagesend send --help');
  if (values.each !== undefined && positionals.length > 0)
    throw new UsageError('give either a destination or --each FILE, not both');
  const timeoutMs = timeoutOption(values.timeout);
  // `--each -` reads the rows from standard input, so the body must then come from --body or a CSV column.
  const message: Message = {
    body: values.each === '-' ? (values.body ?? '') : bodyOption(values.body),
  };
  const data = dataOption(values.data);
  if (data) message.data = data;
  if (values['content-type']) message.contentType = values['content-type'];
  const options: SendOptions = {
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
    ...(values.wait ? { waitForDelivery: true } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
  const { router, loaded } = await routerFrom(
    values['config-dir'],
    timeoutMs,
    values.verbose === true,
    values,
  );
  try {
    const guard = guardFor(loaded, [positionals[0], values.from, values.to]);
    for (const warning of loaded.warnings) process.stderr.write(`warning: ${guard.text(warning)}\n`);
    if (values.each === undefined) refuseBroken(loaded, positionals[0]);
    if (values.each !== undefined) {
      const rows = readBulkRows(readEachInput(values.each));
      return await holdProcessWhile(() =>
        runBulk(
          router,
          rows,
          { message, options },
          {
            concurrency: concurrencyOption(values.concurrency),
            ...(values.rate !== undefined ? { rate: rateOption(values.rate) } : {}),
            json: values.json === true,
            all: values.all === true,
          },
          {
            guard: guardFor(loaded, [
              ...rows.flatMap((r) => [r.destination, r.from, r.to]),
              values.from,
              values.to,
            ]),
            loaded,
          },
        ),
      );
    }
    const destination = positionals[0]!;
    const { result, report } = await holdProcessWhile(async () => {
      const sent = await router.send(destination, message, options);
      return {
        result: sent,
        report: values['dry-run'] ? undefined : await waitedReport(sent, values.wait === true),
      };
    });
    print(destination, result, report, loaded, values.json === true, guard);
    return exitCodeFor(result.status);
  } finally {
    await router.close();
  }
}

function print(
  destination: string,
  result: SendResult,
  report: Awaited<SendResult['delivery']> | undefined,
  loaded: LoadedTechs,
  json: boolean,
  guard: OutputGuard,
): void {
  const hint =
    result.status === 'INVALID_PROTOCOL'
      ? unavailableHint(destination, loaded)
      : unknownNameHint(destination, result.reason, loaded);
  if (json) {
    const { delivery: _pending, ...rest } = result;
    process.stdout.write(
      `${guard.json({ destination, ...rest, ...(report ? { delivery: report } : {}), ...(hint ? { hint } : {}) })}\n`,
    );
    return;
  }
  const paint = painter(process.stdout);
  const safe = guard.text;
  const status = result.status === 'SUCCESS' ? paint.green(result.status) : paint.red(result.status);
  process.stdout.write(
    `${status} ${safe(destination)}${result.tech ? paint.dim(` (${result.tech})`) : ''}\n`,
  );
  if (result.reason)
    process.stdout.write(`  reason: ${result.reason}${result.detail ? ` - ${safe(result.detail)}` : ''}\n`);
  if (hint) process.stdout.write(`  hint: ${safe(hint)}\n`);
  for (const warning of result.warnings)
    process.stdout.write(`  ${paint.yellow('warning')}: ${safe(warning)}\n`);
  if (result.preview) process.stdout.write(`${safe(result.preview.replace(/\r\n/g, '\n'))}\n`);
  if (report) {
    const detail = safe(reportText(report));
    process.stdout.write(
      `  delivery: ${report.outcome}${detail ? ` (${detail})` : ''} in ${report.elapsedMs.toFixed(0)} ms\n`,
    );
  }
}

/** The text of `--each FILE`, or of standard input for `-`. */
function readEachInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file === '-' ? 'standard input' : file}: ${(error as Error).message}`,
    );
  }
}

function concurrencyOption(value: string | undefined): number {
  const concurrency = value === undefined ? 8 : Number(value);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)
    throw new UsageError(`--concurrency takes 1 to 1000, got "${value}"`);
  return concurrency;
}

function rateOption(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000)
    throw new UsageError(`--rate takes sends per second, more than 0 and at most 100000, got "${value}"`);
  return rate;
}
