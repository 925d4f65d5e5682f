import type { WireTraceEvent } from '@messagesend/sip-ua';
import type { XmppTraceEvent } from '@messagesend/xmpp';

/** Digest answers: the response hash is as good as a password for a replay within the nonce's life. */
const DIGEST_RESPONSE = /(\bresponse\s*=\s*)("[^"]*"|[^,\s]+)/gi;

/**
 * The printer behind `--trace`: each SIP message read or written, as text on standard error,
 * headed by its direction and remote address, through `mask` (the command's output guard) and
 * with every digest response= value replaced, so no secret reaches the terminal.
 */
export function stderrWireTrace(mask: () => (text: string) => string): (event: WireTraceEvent) => void {
  return (event) => {
    const arrow = event.direction === 'out' ? 'sent to' : 'received from';
    const text = event.bytes.toString('utf8').replace(DIGEST_RESPONSE, '$1"***"');
    process.stderr.write(
      `trace: ${event.direction} ${event.protocol.toUpperCase()} ${arrow} ${event.address}:${event.port}\n${mask()(text)}\n`,
    );
  };
}

/**
 * The XMPP side of `--trace`: each piece of the stream an account writes or reads, headed by its
 * direction, the server and the account. The xmpp technology has already masked SASL payloads and
 * the account's secret; `mask` also hides every other configured secret.
 */
export function stderrXmppTrace(mask: () => (text: string) => string): (event: XmppTraceEvent) => void {
  return (event) => {
    const arrow = event.direction === 'out' ? 'sent to' : 'received from';
    process.stderr.write(
      `trace: ${event.direction} XMPP ${arrow} ${event.server} (${event.jid})\n${mask()(event.text)}\n`,
    );
  };
}
