import { readFileSync } from 'node:fs';
import { isMsgError, stripControlChars } from '@messagesend/core';
import { DEMO_HELP, demoCommand } from './commands/demo.js';
import { LISTEN_HELP, listenCommand } from './commands/listen.js';
import { SEND_HELP, sendCommand } from './commands/send.js';
import { VERIFY_HELP, verifyCommand } from './commands/verify.js';
import { closest } from './did-you-mean.js';
import { EXIT, UsageError } from './exit-codes.js';
import { outputGuard } from './safe-output.js';

export const HELP = `Usage: messagesend <command> [options]

Commands:
  send <destination>     send a message (Asterisk's MessageSend)
  verify <destination>   show how a destination resolves, without sending
  listen                 print the messages that arrive, until Ctrl-C
  demo                   the embedded default: send to a SIP peer in this process
  help [command]         this help, or a command's options (same as messagesend <command> --help)

Options:
  -h, --help             this help
  -V, --version          the version of messagesend

Run messagesend help <command> for its options.`;

const COMMAND_HELP: Record<string, string> = {
  send: SEND_HELP,
  verify: VERIFY_HELP,
  listen: LISTEN_HELP,
  demo: DEMO_HELP,
};

/** This package's version, from its package.json (one folder above both src/ and dist/). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  send: sendCommand,
  verify: verifyCommand,
  listen: listenCommand,
  demo: demoCommand,
};

/** " (did you mean --body?)" for an unknown flag close to one the command's help lists, else "". */
function flagHint(message: string, help: string): string {
  const unknown = /^Unknown option '--?([^'=]+)/.exec(message)?.[1];
  if (unknown === undefined) return '';
  const flags = [...new Set([...help.matchAll(/--([a-z][a-z-]*)/g)].map((match) => match[1]!))];
  const guess = closest(unknown, flags);
  return guess ? ` (did you mean --${guess}?)` : '';
}

/** Runs the command line; returns the exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    process.stdout.write(`${version()}\n`);
    return EXIT.SUCCESS;
  }
  if (command === 'help' && rest[0] !== undefined) {
    const help = COMMAND_HELP[rest[0]];
    if (help === undefined) {
      process.stderr.write(`messagesend help: unknown command "${stripControlChars(rest[0])}"\n\n${HELP}\n`);
      return EXIT.USAGE;
    }
    process.stdout.write(`${help}\n`);
    return EXIT.SUCCESS;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return command === undefined ? EXIT.USAGE : EXIT.SUCCESS;
  }
  const run = COMMANDS[command];
  if (!run) {
    const guess = closest(command, [...Object.keys(COMMANDS), 'help']);
    process.stderr.write(
      `messagesend: unknown command "${stripControlChars(command)}"${guess ? ` (did you mean "${guess}"?)` : ''}\n\n${HELP}\n`,
    );
    return EXIT.USAGE;
  }
  try {
    return await run(rest);
  } catch (error) {
    // The command's own guard (which knows the configured secrets) is gone here: still mask URI
    // passwords and strip control characters from whatever the error quotes.
    const safe = outputGuard([]).text;
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const hint = flagHint((error as Error).message, COMMAND_HELP[command] ?? '');
      process.stderr.write(`messagesend ${command}: ${safe((error as Error).message)}${hint}\n`);
      return EXIT.USAGE;
    }
    if (isMsgError(error)) {
      // Configuration problems: the message names the file and line.
      process.stderr.write(`messagesend ${command}: ${error.code}: ${safe(error.message)}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(
      `messagesend ${command}: unexpected error: ${safe((error as Error).stack ?? String(error))}\n`,
    );
    return EXIT.FAILURE;
  }
}
