import xml, { type Element } from '@xmpp/xml';

/** `<message type="chat" to from id><body/></message>`, the body escaped by @xmpp/xml; a receipt request if asked. */
export function chatMessage(to: string, from: string, id: string, body: string, receipts: boolean): Element {
  const stanza = xml('message', { type: 'chat', to, from, id }, xml('body', {}, body));
  if (receipts) stanza.append(xml('request', { xmlns: 'urn:xmpp:receipts' }));
  return stanza;
}
