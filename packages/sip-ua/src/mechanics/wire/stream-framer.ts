import { SipInbound, type SipInboundCode } from '../errors.js';

/** Why a stream stopped framing; `head` is the header section when one was read, for an answer. */
export interface FramingError {
  code: SipInboundCode;
  reason: string;
  head?: Buffer;
}

/**
 * Splits a TCP/TLS byte stream into whole messages by Content-Length (RFC 3261 §18.3).
 * Returns a feed function; `onMessage` gets each message's bytes, `onError` the first framing
 * error (after it the feed ignores everything: the connection is to be closed). At most
 * `maxMessageBytes` are ever buffered.
 */
export function createStreamFramer(
  onMessage: (bytes: Buffer) => void,
  onError: (error: FramingError) => void,
  maxMessageBytes = 64 * 1024,
): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let failed = false;
  const fail = (error: FramingError): void => {
    failed = true;
    pending = Buffer.alloc(0);
    onError(error);
  };
  return (chunk) => {
    if (failed) return;
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      // Keep-alive CRLFs between messages are allowed.
      let start = 0;
      while (start < pending.length && (pending[start] === 13 || pending[start] === 10)) start++;
      if (start > 0) pending = pending.subarray(start);
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (pending.length > maxMessageBytes)
          fail({ code: SipInbound.TooLarge, reason: 'header section too large' });
        return;
      }
      const head = Buffer.from(pending.subarray(0, headEnd + 4));
      const match = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d{1,10})[ \t]*\r\n/i.exec(
        head.toString('latin1'),
      );
      if (!match) {
        fail({ code: SipInbound.BadRequest, reason: 'Content-Length required on a stream', head });
        return;
      }
      const total = headEnd + 4 + Number(match[1]);
      if (total > maxMessageBytes) {
        fail({ code: SipInbound.TooLarge, reason: `larger than ${maxMessageBytes} bytes`, head });
        return;
      }
      if (pending.length < total) return;
      const message = pending.subarray(0, total);
      pending = pending.subarray(total);
      onMessage(Buffer.from(message));
      if (failed) return;
    }
  };
}
