import { createRequire } from 'node:module';
import type { SipParsedMessage } from './parsed-message.js';

type SipStackParse = (text: string) => SipParsedMessage | undefined;

let loaded: SipStackParse | undefined;

/**
 * The npm `sip` stack's parser, loaded on first use: requiring `sip` pulls in its whole stack
 * (dgram, net, tls, crypto, its transports), which a process that never reads a message's
 * structured fields should not pay for at start-up. A synchronous require, because the parser
 * is needed inside a synchronous getter.
 */
export function parseWithSipStack(text: string): SipParsedMessage | undefined {
  loaded ??= (createRequire(import.meta.url)('sip') as { parse: SipStackParse }).parse;
  return loaded(text);
}
