import type { Client } from '@xmpp/client-core';
import type { Element } from '@xmpp/xml';

/** One piece of the XMPP stream, as `--trace` prints it: which way, the server, the account, the XML. */
export interface XmppTraceEvent {
  direction: 'in' | 'out';
  /** The server's `host:port` (serverhost and port of the account). */
  server: string;
  /** The account's bare JID. */
  jid: string;
  /** What was written, or an element read (re-serialised), with SASL payloads and the password masked. */
  text: string;
}

/** Called for everything a connection writes and every element it reads; absent, no listener is added. */
export type XmppTrace = (event: XmppTraceEvent) => void;

export const MASK = '***';

/**
 * SASL elements whose text is base64 that carries the password (PLAIN) or is derived from it
 * (SCRAM's proofs and signatures). Only a top-level element of the trace text is matched: each
 * write and each element read is one.
 */
const SASL_PAYLOAD = /^(<(?:[\w.-]+:)?(?:auth|response|challenge|success)(?:\s[^>]*)?(?<!\/)>)[^<]+(<\/)/;

/** `text` with a SASL payload and every occurrence of the password (written or XML-escaped) masked. */
export function maskTrace(text: string, password: string): string {
  let masked = text.replace(SASL_PAYLOAD, `$1${MASK}$2`);
  if (password === '') return masked;
  // As written, as in text (& < > escaped) and as in an attribute (quotes escaped too).
  for (const form of new Set([password, escapeText(password), escapeAttribute(password)]))
    masked = masked.split(form).join(MASK);
  return masked;
}

/**
 * Hooks the trace into an xmpp.js client: outgoing text from its `write` (the stream header, every
 * element and the footer exactly as written; 0.14 has no raw 'output' event), incoming from its
 * parsed stream header and elements (raw reads could cut a SASL payload in two and escape the mask).
 */
export function traceWire(
  entity: Client,
  options: { server: string; jid: string; password: string; trace: XmppTrace },
): void {
  const { server, jid, password, trace } = options;
  const emit = (direction: 'in' | 'out', text: string): void => {
    trace({ direction, server, jid, text: maskTrace(text, password) });
  };
  const write = entity.write.bind(entity);
  entity.write = (text: string): Promise<void> => {
    // xmpp.js refuses to write while closing: nothing reaches the wire then.
    if (entity.status !== 'closing') emit('out', text);
    return write(text);
  };
  entity.on('open', (header?: Element) => {
    // The server's stream header has no end tag on the wire: print its opening tag only.
    if (header) emit('in', header.toString().replace(/\/>$/, '>'));
  });
  entity.on('element', (element: Element) => emit('in', element.toString()));
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
