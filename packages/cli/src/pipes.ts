import type { Writable } from 'node:stream';

/**
 * A reader that stops early (`messagesend verify ... | head -1`) closes the pipe, and the next
 * write fails with EPIPE, which Node.js raises as an uncaught error. Output nobody reads is not a
 * failure: the error is ignored (the stream is then closed, so later writes go nowhere) and the
 * command finishes with its own exit code. Any other stream error still ends the process.
 */
export function ignoreClosedPipes(...streams: Writable[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
