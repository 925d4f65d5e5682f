/**
 * Option names whose values are secrets (pjsip `password`, `md5_cred`; chan_sip `secret`,
 * `md5secret`, `[authentication] auth=user:secret@realm`; xmpp `secret`; tokens and private keys).
 * Over-matching (`outbound_auth`) only hides a harmless value.
 */
const SECRET_WORD = /pass(?:word|wd|phrase)?|secret|md5_?cred|auth|token|credential|priv(?:ate)?_?key/i;

/** Whether `key` names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_WORD.test(key);
}

/**
 * A raw configuration line fit for an error message: a line with a secret-like word is cut after
 * that word and `***` is shown instead of the rest, since the value may follow in any form.
 */
export function maskConfLine(line: string): string {
  const match = SECRET_WORD.exec(line);
  if (!match) return line;
  let end = match.index + match[0].length;
  while (end < line.length && /[\w-]/.test(line.charAt(end))) end++;
  return `${line.slice(0, end)} ***`;
}
