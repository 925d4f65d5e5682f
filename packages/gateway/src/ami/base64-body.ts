/** The size of Asterisk's decode buffer in `action_messagesend` (`char base64decoded[1301]`, minus the NUL). */
export const BASE64_BODY_MAX_BYTES = 1300;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((char, index) => [char, index]));

/**
 * Asterisk's `ast_base64decode` into the 1300-byte buffer, then the text up to the first NUL (the
 * body is set with `"%s"`): decoding stops at `=` or at 1300 bytes; a character outside the
 * alphabet counts as 63 (its table entry is -1, masked to 6 bits), never as an error. Node's
 * Buffer decoder skips such characters instead, so the loop is written out. Bytes that are not
 * UTF-8 become U+FFFD (Asterisk passes them on as they are).
 */
export function decodeBase64Body(encoded: string): string {
  const bytes = new Uint8Array(BASE64_BODY_MAX_BYTES);
  let count = 0;
  let accumulator = 0;
  let bits = 0;
  for (let i = 0; i < encoded.length && encoded[i] !== '=' && count < BASE64_BODY_MAX_BYTES; i++) {
    accumulator = ((accumulator << 6) | (VALUE.get(encoded[i]!) ?? 63)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[count++] = (accumulator >> bits) & 0xff;
    }
  }
  let end = bytes.indexOf(0);
  if (end < 0 || end > count) end = count;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
