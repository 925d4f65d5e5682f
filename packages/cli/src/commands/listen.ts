import { parseArgs } from 'node:util';
import type { InboundMessage } from '@messagesend/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { painter } from '../output.js';
import { COMMON_OPTIONS, guardFor, routerFrom, TRACE_OPTION } from './common.js';

export const LISTEN_HELP = `Usage: messagesend listen [--config-dir DIR] [--json] [-v] [--tech PACKAGE]

Starts every configured technology and prints each message it receives, until Ctrl-C (exit 0).
pjsip and sip answer 202 to a MESSAGE once it is printed; phones may REGISTER to pjsip endpoints.

Options:
  --config-dir DIR       the config folder (see messagesend send --help)
  --decline              answer "not found" (SIP 404) instead of accepting
  --json                 one JSON object per message
  --tech PACKAGE         also load a third-party technology (repeatable); --tech-option name=value
  --ca FILE              a private CA (PEM) trusted besides the system's: xmpp servers and pjsip TLS
  -v, --verbose          which files were read, and the technologies' debug log
  --trace                the SIP and XMPP wire, both directions, on standard error (secrets masked)
  -h, --help             this help`;

/** `messagesend listen`: print inbound messages as they arrive. */
export async function listenCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, ...TRACE_OPTION, decline: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${LISTEN_HELP}\n`);
    return EXIT.SUCCESS;
  }
  if (positionals.length > 0)
    throw new UsageError('listen takes no destination; see messagesend listen --help');
  const { router, loaded } = await routerFrom(
    values['config-dir'],
    undefined,
    values.verbose === true,
    values,
  );
  const guard = guardFor(loaded, []);
  for (const warning of loaded.warnings) process.stderr.write(`warning: ${guard.text(warning)}\n`);
  if (loaded.techs.length === 0) {
    await router.close();
    throw new UsageError(
      `nothing to listen on: ${[...loaded.unavailable.values()].join('; ') || 'no technology configured'}`,
    );
  }
  const paint = painter(process.stdout);
  router.onMessage((message: InboundMessage) => {
    if (values.json) process.stdout.write(`${guard.json(message)}\n`);
    else {
      process.stdout.write(
        `${paint.bold(message.tech)} ${guard.text(message.from ?? '?')} -> ${guard.text(message.to ?? '?')}` +
          `${message.endpoint ? paint.dim(` (${guard.text(message.endpoint)})`) : ''}\n` +
          `  reply to: ${guard.text(message.destination)}\n` +
          `${guard
            .text(message.body)
            .split('\n')
            .map((line) => `  | ${line}`)
            .join('\n')}\n`,
      );
    }
    return values.decline ? false : undefined;
  });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await router.start();
  for (const tech of loaded.techs) {
    const addresses = (
      tech as { addresses?: () => { protocol: string; host: string; port: number }[] }
    ).addresses?.();
    for (const address of addresses ?? [])
      process.stderr.write(`listening: ${tech.name} ${address.protocol} ${address.host}:${address.port}\n`);
    if (!addresses) process.stderr.write(`listening: ${tech.name}\n`);
  }
  // A technology may hold no ref'd handle (a polling plugin unrefs its timer): listening is this
  // command's whole job, so it keeps the process up itself until Ctrl-C or SIGTERM.
  const keepAlive = setInterval(() => {}, 1 << 30);
  await stopped;
  clearInterval(keepAlive);
  process.stderr.write('stopping\n');
  await router.close();
  return EXIT.SUCCESS;
}
