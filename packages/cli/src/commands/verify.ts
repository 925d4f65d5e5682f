import { parseArgs } from 'node:util';
import type { Explanation } from '@messagesend/core';
import { EXIT, exitCodeFor, UsageError } from '../exit-codes.js';
import { painter } from '../output.js';
import { refuseBroken, unavailableHint, unknownNameHint } from '../techs.js';
import { COMMON_OPTIONS, guardFor, routerFrom, TRACE_OPTION } from './common.js';

export const VERIFY_HELP = `Usage: messagesend verify <destination> [--from X] [--to Y] [--config-dir DIR] [--json] [-v] [--trace]

Parses and resolves a destination without sending: which destination form matched, and the
Request-URI, From and To (or the XMPP stanza) that would be sent, and the config's warnings.
-v says which folder and files were read. Same exit codes as send.`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, ...TRACE_OPTION, from: { type: 'string' }, to: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${VERIFY_HELP}\n`);
    return EXIT.SUCCESS;
  }
  if (positionals.length !== 1)
    throw new UsageError('verify takes one destination; see messagesend verify --help');
  const destination = positionals[0]!;
  const { router, loaded } = await routerFrom(
    values['config-dir'],
    undefined,
    values.verbose === true,
    values,
  );
  const guard = guardFor(loaded, [destination, values.from, values.to]);
  try {
    refuseBroken(loaded, destination);
    const options = {
      dryRun: true,
      ...(values.from !== undefined ? { from: values.from } : {}),
      ...(values.to !== undefined ? { to: values.to } : {}),
    };
    const result = await router.send(destination, { body: '' }, options);
    const tech = result.tech ? router.get(result.tech) : undefined;
    const explained =
      result.status === 'SUCCESS'
        ? tech?.explain?.(destination, {
            ...(values.from ? { from: values.from } : {}),
            ...(values.to ? { to: values.to } : {}),
          })
        : undefined;
    const facts: Record<string, unknown> = {
      destination,
      status: result.status,
      ...(result.tech ? { tech: result.tech } : {}),
      ...(result.reason ? { reason: result.reason, detail: result.detail } : {}),
      ...(explained?.ok ? explanationFacts(explained) : previewFacts(result.preview)),
      warnings: result.warnings,
    };
    // Outbound registrations of the destination's technology (verify does not start them).
    const trunks = (
      tech as { outboundRegistrations?: () => RegistrationFacts[] } | undefined
    )?.outboundRegistrations?.();
    if (trunks?.length)
      facts.registrations = trunks.map(
        (r) => `${r.name}: ${r.clientUri} at ${r.serverUri} (${r.state.status})`,
      );
    const hint =
      result.status === 'INVALID_PROTOCOL'
        ? unavailableHint(destination, loaded)
        : unknownNameHint(destination, result.reason, loaded);
    if (loaded.warnings.length > 0) facts.configWarnings = loaded.warnings;
    if (hint) facts.hint = hint;
    if (values.json) process.stdout.write(`${guard.json(facts)}\n`);
    else {
      const paint = painter(process.stdout);
      process.stdout.write(
        `${result.status === 'SUCCESS' ? paint.green('valid') : paint.red(result.status)} ${guard.text(destination)}\n`,
      );
      for (const [key, value] of Object.entries(facts)) {
        if (
          ['destination', 'status'].includes(key) ||
          value === undefined ||
          (Array.isArray(value) && value.length === 0)
        )
          continue;
        process.stdout.write(
          `  ${key.padEnd(11)} ${guard.text(Array.isArray(value) ? value.join('; ') : String(value))}\n`,
        );
      }
    }
    return exitCodeFor(result.status);
  } finally {
    await router.close();
  }
}

interface RegistrationFacts {
  name: string;
  serverUri: string;
  clientUri: string;
  state: { status: string };
}

/** What explain() said, in verify's order. */
function explanationFacts(explained: Explanation): Record<string, unknown> {
  const { form, endpoint, via, requestUri, from, to, stanza } = explained;
  return { form, endpoint, via, requestUri, from, to, stanza };
}

/** A technology without explain(): the Request-URI, From and To (or the stanza) read from the dry run's preview. */
function previewFacts(text: string | undefined): Record<string, unknown> {
  const preview = text?.split('\r\n') ?? [];
  const header = (name: string) =>
    preview.find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 2);
  return {
    ...(preview[0]?.startsWith('MESSAGE ')
      ? { requestUri: preview[0].split(' ')[1], from: header('From'), to: header('To') }
      : {}),
    ...(preview[0]?.startsWith('<message') ? { stanza: preview[0] } : {}),
  };
}
