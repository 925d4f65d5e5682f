import pino, { type Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The gateway's pino logger. Redaction is a second line: secrets are never put in log fields in the
 * first place (credentials and conf passwords are not logged; URLs are logged with api_key masked).
 */
export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { name: 'messagesend' },
      redact: {
        paths: [
          'password',
          'secret',
          'authorization',
          '*.password',
          '*.secret',
          '*.authorization',
          'headers.authorization',
        ],
        censor: '***',
      },
    },
    destination,
  );
}
