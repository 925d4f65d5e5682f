// Declarations for the xmpp.js 0.14 modules this package composes (they ship none). Only what is used.
declare module '@xmpp/xml' {
  export interface Element {
    name: string;
    attrs: Record<string, string | undefined>;
    children: (Element | string)[];
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildText(name: string, xmlns?: string): string | null;
    append(child: Element): Element;
    toString(): string;
  }
  export default function xml(
    name: string,
    attrs?: Record<string, string | undefined>,
    ...children: (Element | string)[]
  ): Element;
}

declare module '@xmpp/client-core' {
  import type { EventEmitter } from 'node:events';
  import type { Element } from '@xmpp/xml';

  export { default as xml } from '@xmpp/xml';
  export interface JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
  }
  export function jid(address: string): JID;
  export class Client extends EventEmitter {
    constructor(options: { service: string; domain: string });
    jid: JID | null;
    status: string;
    socket: import('node:net').Socket | null;
    /** null once the stream ended or its parser failed. */
    parser: unknown;
    /** Bound (ms) on xmpp.js's own waits: the stream header, close, sendReceive. */
    timeout: number;
    _onData(data: Buffer): void;
    options: { service: string; domain: string };
    transports: unknown[];
    start(): Promise<JID>;
    stop(): Promise<void>;
    send(element: Element): Promise<void>;
    /** Writes serialised XML to the socket (send, the stream header and footer all go through it). */
    write(text: string): Promise<void>;
    restart(): Promise<void>;
    connect(service: string): Promise<void>;
    open(options: { domain: string; lang?: string }): Promise<void>;
    disconnect(timeout?: number): Promise<void>;
    isSecure(): boolean;
    sendReceive(element: Element, timeout?: number): Promise<Element>;
    _attachSocket(socket: unknown): void;
  }
}

declare module '@xmpp/tcp' {
  export default function tcp(deps: { entity: unknown }): void;
}
declare module '@xmpp/middleware' {
  export default function middleware(deps: { entity: unknown }): unknown;
}
declare module '@xmpp/stream-features' {
  import type { Client } from '@xmpp/client-core';
  import type { Element } from '@xmpp/xml';
  export interface StreamFeatures {
    use(
      name: string,
      xmlns: string,
      handler: (
        context: { entity: Client; stanza: Element },
        next: () => Promise<void>,
        element: Element,
      ) => unknown,
    ): void;
  }
  export default function streamFeatures(deps: { middleware: unknown }): StreamFeatures;
}
declare module '@xmpp/iq/caller.js' {
  export default function iqCaller(deps: { middleware: unknown; entity: unknown }): unknown;
}
declare module '@xmpp/iq/callee.js' {
  export default function iqCallee(deps: { middleware: unknown; entity: unknown }): {
    get(xmlns: string, name: string, handler: () => unknown): void;
  };
}
declare module '@xmpp/sasl' {
  export default function sasl(
    deps: { streamFeatures: unknown; saslFactory: unknown },
    onAuthenticate: (
      authenticate: (credentials: { username: string; password: string }, mechanism: string) => Promise<void>,
      mechanisms: string[],
    ) => Promise<void>,
  ): void;
}
declare module '@xmpp/sasl-scram-sha-1' {
  export default function scramsha1(factory: unknown): void;
}
declare module '@xmpp/sasl-plain' {
  export default function plain(factory: unknown): void;
}
declare module 'saslmechanisms' {
  export default class SASLFactory {}
}
declare module '@xmpp/resource-binding' {
  export default function resourceBinding(
    deps: { streamFeatures: unknown; iqCaller: unknown },
    resource?: string,
  ): void;
}
declare module '@xmpp/stream-management' {
  import type { EventEmitter } from 'node:events';
  export interface StreamManagement extends EventEmitter {
    /** Set while the server allows resuming the session. */
    id: string;
    /** Sent stanzas not yet acknowledged, oldest first. */
    outbound_q: { stanza: import('@xmpp/xml').Element; stamp: string }[];
    enabled: boolean;
    enableSent: boolean;
    timeout: number;
    requestAckInterval: number;
    requestAckDebounce: number;
  }
  export default function streamManagement(deps: {
    streamFeatures: unknown;
    entity: unknown;
    middleware: unknown;
  }): StreamManagement;
}
