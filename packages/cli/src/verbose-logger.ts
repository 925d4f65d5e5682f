import type { LogFields, Logger } from '@messagesend/core';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * The logger behind `messagesend -v`: one line per entry on standard error, fields as JSON, every
 * text passed through `mask` (the command's output guard), so a logged secret is never printed.
 */
export function stderrLogger(minimum: Level, mask: (text: string) => string): Logger {
  const write =
    (level: Level) =>
    (message: string, fields?: LogFields): void => {
      if (ORDER[level] < ORDER[minimum]) return;
      let extra = '';
      if (fields && Object.keys(fields).length > 0) {
        try {
          extra = ` ${JSON.stringify(fields)}`;
        } catch {
          extra = ' [fields not printable]';
        }
      }
      process.stderr.write(`${level}: ${mask(`${message}${extra}`)}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
