import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Message, Router, SendOptions, SendResult } from '@messagesend/core';
import { EXIT, exitCodeFor, UsageError } from '../exit-codes.js';
import { painter, table } from '../output.js';
import { reportText } from '../report-text.js';
import type { OutputGuard } from '../safe-output.js';
import { type LoadedTechs, refuseBroken, unavailableHint } from '../techs.js';
import { bodyOption, COMMON_OPTIONS, dataOption, guardFor, routerFrom, timeoutOption } from './common.js';

export const SEND_HELP = `Usage: messagesend send <destination> [options]
       messagesend send --each FILE [options]

Sends one message, as Asterisk's MessageSend(destination, from, to).

Options:
  --from X             MessageSend's from argument (pjsip: From; sip: peer or "name" <uri>; xmpp: xmpp:<account>)
  --to Y               MessageSend's to argument (pjsip: the To header; ignored by sip: and xmpp:)
  --body TEXT          the message text (default: standard input)
  --data Name=Value    a MESSAGE_DATA value (a custom header); repeatable
  --content-type T     the body's content type
  --config-dir DIR     where pjsip.conf, sip.conf and xmpp.conf are (default: ./, $MESSAGESEND_CONFIG_DIR, /etc/asterisk)
  --wait               wait for the delivery report; a message not delivered exits 1
  --timeout S          bound in seconds for the send and its report (default 32)
  --dry-run            print the exact wire text; send nothing
  --each FILE          send to every destination in FILE (one a line; # comments), --concurrency at once (default 8)
  --json               one JSON object per result
  -h, --help           this help

Exit codes: 0 SUCCESS, 1 FAILURE, 2 usage or configuration error, 3 INVALID_PROTOCOL, 4 INVALID_URI.
With --each: 0 when every send succeeded, else 1.`;

export async function sendCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
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
  const message: Message = { body: bodyOption(values.body) };
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
  const { router, loaded } = await routerFrom(values['config-dir'], timeoutMs);
  try {
    const guard = guardFor(loaded, [positionals[0], values.from, values.to]);
    if (values.each === undefined) refuseBroken(loaded, positionals[0]);
    for (const warning of loaded.warnings) process.stderr.write(`warning: ${guard.text(warning)}\n`);
    if (values.each !== undefined)
      return await sendEach(router, loaded, values.each, message, options, values, values.json === true);
    const destination = positionals[0]!;
    const result = await router.send(destination, message, options);
    const report =
      values.wait && result.status === 'SUCCESS' && !values['dry-run'] ? await result.delivery : undefined;
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
  const hint = result.status === 'INVALID_PROTOCOL' ? unavailableHint(destination, loaded) : undefined;
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

async function sendEach(
  router: Router,
  loaded: LoadedTechs,
  file: string,
  message: Message,
  options: SendOptions,
  values: { concurrency?: string | undefined },
  json: boolean,
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)
    throw new UsageError(`--concurrency takes 1 to 1000, got "${values.concurrency}"`);
  const destinations = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const guard = guardFor(loaded, [...destinations, options.from, options.to]);
  const results: { destination: string; result: SendResult; report?: Awaited<SendResult['delivery']> }[] = [];
  const progress = process.stderr.isTTY && !json;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < destinations.length) {
      const index = next++;
      const destination = destinations[index]!;
      const result = await router.send(destination, message, options);
      const report =
        options.waitForDelivery && result.status === 'SUCCESS' ? await result.delivery : undefined;
      results[index] = { destination, result, ...(report ? { report } : {}) };
      if (json) print(destination, result, report, loaded, true, guard);
      if (progress) {
        const done = results.filter(Boolean).length;
        const width = 30;
        const filled = Math.round((done / destinations.length) * width);
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${destinations.length}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, destinations.length) }, worker));
  if (progress) process.stderr.write('\n');
  const failed = results.filter((r) => r.result.status !== 'SUCCESS').length;
  if (!json) {
    const rows = results.map(({ destination, result, report }) => [
      guard.text(destination),
      result.status,
      result.reason ?? (report ? report.outcome : ''),
      guard.text(result.detail ?? unavailableHint(destination, loaded) ?? ''),
    ]);
    process.stdout.write(`${table(['destination', 'status', 'reason', 'detail'], rows)}\n`);
    process.stdout.write(`${results.length - failed} succeeded, ${failed} failed\n`);
  }
  return failed === 0 ? EXIT.SUCCESS : EXIT.FAILURE;
}
