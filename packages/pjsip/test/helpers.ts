/** The request line and headers of a dry-run preview. */
export function wire(preview: string | undefined) {
  if (!preview) throw new Error('no preview');
  const [head = '', body = ''] = preview.split('\r\n\r\n');
  const [requestLine = '', ...lines] = head.split('\r\n');
  const headers = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 2)] as const;
  });
  return {
    requestLine,
    body,
    names: headers.map(([name]) => name),
    header: (name: string) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1],
  };
}

export const TESTSUITE_CONF = `
[global]
type=global
default_outbound_endpoint=default_endpoint

[transport-udp]
type=transport
protocol=udp
bind=127.0.0.1:5060

[default_endpoint]
type=endpoint

[sipp]
type=endpoint
aors=sipp

[sipp]
type=aor
contact=sip:127.0.0.2

[sipp2]
type=aor
contact=sip:harry@127.0.0.2:5061

[sipp_contact_user]
type=endpoint
aors=sipp_contact_user

[sipp_contact_user]
type=aor
contact=sip:someuser@127.0.0.2:5061

[phone](!)
type=endpoint
from_user=4000
from_domain=pbx.example.com
user_eq_phone=yes

[trunk](phone)
aors=trunk
outbound_proxy=sip:proxy.example.com

[trunk]
type=aor
contact=sip:gw.example.com
`;

/**
 * A pjsip.conf with one UDP transport, a `default` outbound endpoint and, for each name, an
 * endpoint with an AOR whose static contact is given. In a .conf file `;` starts a comment, as in
 * Asterisk: a contact's URI parameters are written `\\;` here.
 */
export function contactsConf(contacts: Record<string, string>): string {
  const sections = Object.entries(contacts).map(
    ([name, contact]) =>
      `[${name}]\ntype=endpoint\naors=${name}\n\n[${name}]\ntype=aor\ncontact=${contact.replaceAll(';', '\\;')}\n`,
  );
  return [
    '[global]\ntype=global\ndefault_outbound_endpoint=default\n',
    '[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n',
    '[default]\ntype=endpoint\n',
    ...sections,
  ].join('\n');
}
