import type { SipUri } from '@messagesend/core';
import type { HeaderField } from './headers.js';
import type { SipParsedMessage as ParsedMessage } from './parsed-message.js';

export type TransportProtocol = 'udp' | 'tcp' | 'tls';

/** Where a message came from or goes to. */
export interface Endpoint {
  protocol: TransportProtocol;
  address: string;
  port: number;
}

/** A request to send: Via and Content-Length are added by the stack. */
export interface OutgoingRequest {
  method: string;
  /** Request-URI text. */
  uri: string;
  /** The Request-URI parsed, when the builder had it: location uses it instead of parsing `uri`. */
  parsedUri?: SipUri | undefined;
  /** The Route header URIs parsed, in order, when the builder had them. */
  parsedRoute?: SipUri[] | undefined;
  /**
   * Header lines in order (From, To, Call-ID, CSeq, Max-Forwards, ...). buildRequest freezes the
   * list it checked, so nothing added later can skip the check.
   */
  headers: readonly HeaderField[];
  /** UTF-8 text; Content-Length counts its bytes. */
  body: string;
}

/** The top Via's sent-by (`host[:port]`) and branch. */
export interface TopVia {
  sentBy: string;
  branch: string;
}

interface IncomingBase {
  topVia: TopVia;
  cseq: { seq: number; method: string };
  callId: string;
  headers: HeaderField[];
  /** The body decoded as UTF-8. */
  body: string;
  /** Body length in bytes. */
  bodyBytes: number;
  /** npm `sip`'s structured view (Via, CSeq, To/From, auth parameters), parsed on first use. */
  readonly parsed: ParsedMessage;
  source: Endpoint & { local: { address: string; port: number } };
}

export interface IncomingRequest extends IncomingBase {
  kind: 'request';
  method: string;
  uri: string;
}

export interface IncomingResponse extends IncomingBase {
  kind: 'response';
  status: number;
  reason: string;
}

export type IncomingMessage = IncomingRequest | IncomingResponse;
