// The structured view of a SIP message (`IncomingMessage.parsed`), declared here so that the public
// type declarations stand alone: the npm `sip` package that produces it ships no types, and a
// consumer type-checking with `skipLibCheck: false` must not need its `declare module 'sip'`.
// Keep in step with the `ParsedMessage` of src/types/sip.d.ts (parse.ts assigns one to the other,
// so the compiler checks that they agree).

/** A parsed name-addr (To, From, Contact). */
export interface SipNameAddr {
  name?: string;
  uri: string;
  params: Record<string, string | null | undefined>;
}

/** A parsed Via header value. */
export interface SipVia {
  version: string;
  protocol: string;
  host: string;
  port?: number;
  params: Record<string, string | null | undefined>;
}

/** A parsed WWW-/Proxy-Authenticate or Authorization header value. */
export interface SipAuthParams {
  scheme: string;
  [param: string]: string | undefined;
}

/** Parsed headers: known ones as objects, others as strings (repeated ones joined with ","). */
export interface SipParsedHeaders {
  via?: SipVia[];
  to?: SipNameAddr;
  from?: SipNameAddr;
  'call-id'?: string;
  cseq?: { seq: number; method: string };
  contact?: SipNameAddr[] | '*';
  'content-length'?: number;
  'content-type'?: string;
  'www-authenticate'?: SipAuthParams[];
  'proxy-authenticate'?: SipAuthParams[];
  authorization?: SipAuthParams[];
  'proxy-authorization'?: SipAuthParams[];
  expires?: string;
  [name: string]: unknown;
}

/** A parsed SIP message. */
export interface SipParsedMessage {
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  version: string;
  headers: SipParsedHeaders;
  /** The body as a "binary" (Latin-1) string: one character per byte. */
  content?: string;
}
