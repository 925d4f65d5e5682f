import type { WireTraceEvent } from '@messagesend/sip-ua';

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
