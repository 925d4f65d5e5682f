import { isMsgError, stripControlChars } from '@messagesend/core';
import { demoCommand } from './commands/demo.js';
import { sendCommand } from './commands/send.js';
import { verifyCommand } from './commands/verify.js';
import { EXIT, UsageError } from './exit-codes.js';

export const HELP = `Usage: messagesend <command> [options]

Commands:
  send <destination>     send a message (Asterisk's MessageSend)
  verify <destination>   show how a destination resolves, without sending
  demo                   the embedded default: send to a SIP peer in this process

Run messagesend <command> --help for its options.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  send: sendCommand,
  verify: verifyCommand,
  demo: demoCommand,
};

/** Runs the command line; returns the exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return command === undefined ? EXIT.USAGE : EXIT.SUCCESS;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`messagesend: unknown command "${stripControlChars(command)}"\n\n${HELP}\n`);
    return EXIT.USAGE;
  }
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`messagesend ${command}: ${stripControlChars((error as Error).message)}\n`);
      return EXIT.USAGE;
    }
    if (isMsgError(error)) {
      // Configuration problems: the message names the file and line.
      process.stderr.write(`messagesend ${command}: ${error.code}: ${stripControlChars(error.message)}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(
      `messagesend ${command}: unexpected error: ${(error as Error).stack ?? String(error)}\n`,
    );
    return EXIT.FAILURE;
  }
}
