// Declarations for the npm `sip` package (0.0.6), which ships none. Only what this package uses,
// plus the stack entry points the benchmark compares against.
declare module 'sip' {
  export interface SipUriObject {
    schema: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null>;
    headers: Record<string, string>;
  }

  export interface NameAddrObject {
    name?: string;
    uri: string;
    params: Record<string, string | null | undefined>;
  }

  export interface ViaObject {
    version: string;
    protocol: string;
    host: string;
    port?: number;
    params: Record<string, string | null | undefined>;
  }

  export interface AuthHeaderObject {
    scheme: string;
    [param: string]: string | undefined;
  }

  /** Parsed headers: known ones as objects, others as strings (repeated ones joined with ","). */
  export interface ParsedHeaders {
    via?: ViaObject[];
    to?: NameAddrObject;
    from?: NameAddrObject;
    'call-id'?: string;
    cseq?: { seq: number; method: string };
    contact?: NameAddrObject[] | '*';
    'content-length'?: number;
    'content-type'?: string;
    'www-authenticate'?: AuthHeaderObject[];
    'proxy-authenticate'?: AuthHeaderObject[];
    authorization?: AuthHeaderObject[];
    'proxy-authorization'?: AuthHeaderObject[];
    expires?: string;
    [name: string]: unknown;
  }

  export interface ParsedMessage {
    method?: string;
    uri?: string;
    status?: number;
    reason?: string;
    version: string;
    headers: ParsedHeaders;
    /** The body as a "binary" (Latin-1) string: one character per byte. */
    content?: string;
  }

  export interface Remote {
    protocol: string;
    address: string;
    port: number;
  }

  export interface Stack {
    send(message: object, callback?: (response: ParsedMessage) => void): void;
    destroy(): void;
  }

  export interface StackOptions {
    address?: string;
    port?: number;
    publicAddress?: string;
    hostname?: string;
    udp?: boolean;
    tcp?: boolean;
    tls?: object;
    tls_port?: number;
    rport?: boolean;
    logger?: {
      send?: (...args: unknown[]) => void;
      recv?: (...args: unknown[]) => void;
      error?: (e: unknown) => void;
    };
  }

  /** Parses one whole message (a "binary" string or Buffer); undefined when it is not SIP. */
  export function parse(data: string | Buffer): ParsedMessage | undefined;
  export function stringify(message: object): string;
  export function parseUri(uri: string): SipUriObject | undefined;
  export function makeResponse(request: ParsedMessage, status: number, reason?: string): ParsedMessage;
  /** Splits a byte stream (fed as "binary" strings) into messages, by Content-Length. */
  export function makeStreamParser(
    onMessage: (message: ParsedMessage) => void,
    onFlood?: () => void,
    maxBytesHeaders?: number,
    maxContentLength?: number,
  ): (data: string) => void;
  export function create(
    options: StackOptions,
    onRequest: (request: ParsedMessage, remote: Remote) => void,
  ): Stack;
}
