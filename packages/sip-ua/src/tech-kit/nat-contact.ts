import { formatSipUri, parseSipUri } from '@messagesend/core';
import type { ParsedRegister } from '../mechanics/registrar/register.js';
import type { ResponseSpec } from '../mechanics/stack/request-handler.js';
import type { Endpoint } from '../mechanics/wire/message.js';

/**
 * res_pjsip_nat.c's rewrite_uri (pjsip `rewrite_contact=yes`; chan_sip `nat=force_rport` stores
 * the same source address): the contact's host and port become the address the request came
 * from, with `;transport=` for TCP/TLS and none for UDP. A URI that is not sip/sips is returned
 * unchanged, as Asterisk leaves it.
 */
export function contactAtSource(contact: string, source: Endpoint): string {
  const parsed = parseSipUri(contact);
  if (!parsed.ok) return contact;
  const address = source.address.replace(/^::ffff:/, '');
  const ipv6 = address.includes(':');
  const params = parsed.value.params.filter((p) => p.name.toLowerCase() !== 'transport');
  if (source.protocol !== 'udp') params.push({ name: 'transport', value: source.protocol });
  return formatSipUri({
    ...parsed.value,
    host: ipv6 ? `[${address}]` : address,
    hostType: ipv6 ? 'ipv6' : 'ipv4',
    port: source.port,
    params,
  });
}

/**
 * A REGISTER's first Contact moved to its source (Asterisk rewrites only the first), and the
 * 200's Contact put back as the phone sent it (restore_orig_contact_host), so the phone
 * recognises its binding.
 */
export function registerAtSource(
  parsed: ParsedRegister,
  source: Endpoint,
): { parsed: ParsedRegister; restore: (response: ResponseSpec) => ResponseSpec } {
  const unchanged = { parsed, restore: (response: ResponseSpec) => response };
  if (parsed.contacts === '*' || !parsed.contacts[0]) return unchanged;
  const [first, ...rest] = parsed.contacts;
  const rewritten = contactAtSource(first.uri, source);
  if (rewritten === first.uri) return unchanged;
  return {
    parsed: { ...parsed, contacts: [{ ...first, uri: rewritten }, ...rest] },
    restore: (response) => {
      if (!response.headers) return response;
      const prefix = `<${rewritten}>`;
      const headers = response.headers.map((h) =>
        h.name === 'Contact' && h.value.startsWith(prefix)
          ? { ...h, value: `<${first.uri}>${h.value.slice(prefix.length)}` }
          : h,
      );
      return { ...response, headers };
    },
  };
}
