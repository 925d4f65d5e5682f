import { parseAsteriskConf } from '@messagesend/core';

// `scheme:user:password@`: the password of a SIP or SIPS URI anywhere in a destination or option.
// The scheme must start a word: the `sip:` inside `pjsip:sip:u:p@h` is the tech prefix's tail.
const URI_PASSWORD = /((?<![A-Za-z0-9+.-])sips?:[^:@/<>"\s;?]+:)([^@<>\s]*)@/gi;

/** Masks the password of every SIP/SIPS URI in `text` (as the SIP technologies' format({ redact }) do). */
export function redactUriPasswords(text: string): string {
  return text.replace(URI_PASSWORD, '$1***@');
}

/** The passwords written in URIs inside `text`, as written and unescaped. */
export function uriPasswords(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(URI_PASSWORD)) {
    const password = match[2]!;
    if (password === '') continue;
    found.push(password);
    try {
      found.push(decodeURIComponent(password));
    } catch {
      // not valid escapes: the written form is enough
    }
  }
  return found;
}

/**
 * Options whose values are secrets, exactly: masking their values everywhere is only safe for
 * these (core's broader isSecretKey would also take `auth_message_requests=yes` and mask "yes").
 */
const SECRET_OPTION =
  /^(?:password|secret|md5secret|md5_cred|auth|[\w/-]*(?:password|secret|token|passphrase))$/i;

/**
 * The values of secret options (`password`, `secret`, `md5_cred`, `auth=user:secret@realm`,
 * ...) of a .conf file and its includes; an unparsable file gives none (its own error masks them).
 */
export function confSecrets(text: string, file: string): string[] {
  let conf: ReturnType<typeof parseAsteriskConf>;
  try {
    conf = parseAsteriskConf(text, { file });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const section of [...conf.sections, ...conf.templates.values()]) {
    for (const { key, value } of section.entries) {
      if (key.toLowerCase() === 'register') {
        found.push(...registerSecrets(value));
        continue;
      }
      if (!SECRET_OPTION.test(key) || value === '') continue;
      found.push(value);
      const auth = /^[^:]*:(.+)@[^@]*$/.exec(value) ?? /^[^:]*:(.+)$/.exec(value);
      if (auth) found.push(auth[1]!);
    }
  }
  return found;
}

/** sip.conf `register => user[@domain]:secret[:authuser]@host`: every field after the user (authuser too). */
function registerSecrets(value: string): string[] {
  const at = value.lastIndexOf('@');
  const userpart = at < 0 ? value : value.slice(0, at);
  return userpart
    .split(':')
    .slice(1)
    .filter((field) => field !== '' && !/^\/\//.test(field));
}
