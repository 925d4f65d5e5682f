import { type SipUri, unescapeChars } from '@messagesend/core';
import type { HeaderField } from '@messagesend/sip-ua';
import { fullHeaderName, STACK_SET_HEADERS } from '@messagesend/sip-ua/tech-kit';

/**
 * Headers a URI may not add. pjproject would add a second copy of these next to its own; we
 * refuse that (a second Call-ID or Max-Forwards breaks the request) and warn instead.
 */
const NOT_FROM_URI: ReadonlySet<string> = new Set([
  ...STACK_SET_HEADERS,
  'max-forwards',
  'content-type',
  'body',
]);

/**
 * pjproject's request creation (sip_util.c `init_request_throw`): every `?name=value` of the
 * target URI becomes a request header, the value unescaped, in the order written; the URI
 * itself is sent without them. Header lines that could inject are refused later by buildRequest.
 */
export function uriHeaderFields(uri: SipUri, warnings: string[]): readonly HeaderField[] {
  // Almost every URI has no headers: nothing made per send for it.
  if (uri.headers.length === 0) return NO_FIELDS;
  const fields: HeaderField[] = [];
  for (const header of uri.headers) {
    const name = unescapeChars(header.name);
    if (NOT_FROM_URI.has(fullHeaderName(name))) {
      warnings.push(`URI header "${name}" is set by the SIP stack and was not sent`);
      continue;
    }
    fields.push({ name, value: unescapeChars(header.value) });
  }
  return fields;
}

const NO_FIELDS: readonly HeaderField[] = Object.freeze([]);
