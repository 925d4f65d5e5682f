import { escapeChars, USER_CHARS } from '@messagesend/core';

/**
 * A user part as chan_sip prints it with `pedanticsipchecking=yes` (its default): initreqprep runs
 * `ast_uri_encode(user, ast_uri_sip_user)`, which keeps alphanumerics, RFC 3261's mark and
 * user-unreserved characters and escapes every other octet, `%` included. The destination's user
 * is not unescaped first (sip_msg_send's parse_uri leaves it as written), so `a%20b` is sent as
 * `a%2520b`, exactly as chan_sip sends it.
 */
export function chanSipUser(user: string): string {
  return escapeChars(user, USER_CHARS);
}
