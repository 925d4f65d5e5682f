/**
 * Asterisk's session input buffer (`char inbuf[1025]`, one byte kept for the NUL): a line,
 * terminator included, must fit in 1024 bytes.
 */
export const AMI_LINE_BUFFER_BYTES = 1024;

export interface LineHandlers {
  /** A complete line, terminator removed, cut at its first NUL (Asterisk's end of string). */
  line(text: string): void;
  /** The buffer filled without a line end: its bytes were discarded. */
  overflow(): void;
}

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder();

/**
 * Splits received bytes into lines as Asterisk's `get_input`: `\r\n` or a lone `\n` ends a line;
 * when 1024 bytes hold no line end they are discarded (all but the last byte, which may be the
 * `\r` of a `\r\n`) and `overflow` is called, so memory stays bounded whatever a client sends.
 */
export function createLineSplitter(handlers: LineHandlers): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    let data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const newline = data.indexOf(LF);
      if (newline < 0 || newline >= AMI_LINE_BUFFER_BYTES) {
        if (newline < 0 && data.length < AMI_LINE_BUFFER_BYTES) break;
        // Asterisk reads at most a buffer's worth before looking for the end again.
        data = data.subarray(AMI_LINE_BUFFER_BYTES - 1);
        handlers.overflow();
        continue;
      }
      let end = newline > 0 && data[newline - 1] === CR ? newline - 1 : newline;
      const nul = data.subarray(0, end).indexOf(0);
      if (nul >= 0) end = nul;
      const text = decoder.decode(data.subarray(0, end));
      data = data.subarray(newline + 1);
      handlers.line(text);
    }
    pending = Buffer.from(data);
  };
}
