import { parseNameAddr } from '@messagesend/core';

export interface ExtenFromUriOptions {
  /** pjsip's `ignore_uri_user_options=yes`: drop everything from the first `;` of the user. */
  ignoreUserOptions?: boolean;
}

/**
 * The extension a SIP technology routes on: the user part of a Request-URI (`sip:1000@pbx` ->
 * `1000`), unescaped. Takes a bare URI, a name-addr, or a `pjsip:`/`pjsips:` prefixed one (as in
 * pjsip's MESSAGE(to)). `undefined` when there is no user part (the dialplan then uses `s`).
 */
export function extenFromUri(uri: string | undefined, options: ExtenFromUriOptions = {}): string | undefined {
  if (typeof uri !== 'string' || uri === '') return undefined;
  // pjsip prefixes its To: `pjsip:user@host` (a URI) or `pjsip:"Bob" <sip:...>` (a name-addr).
  const text = /^pjsips?:/i.test(uri)
    ? uri.includes('<')
      ? uri.replace(/^pjsips?:/i, '')
      : uri.slice(2)
    : uri;
  const parsed = parseNameAddr(text);
  const user = parsed.ok ? parsed.value.uri.user : undefined;
  if (user === undefined || user === '') return undefined;
  return options.ignoreUserOptions ? user.split(';')[0] : user;
}
