import { uacScenario } from './scenario.js';
import { runSippUac, type SippResult } from './sipp.js';

export interface SippMessageOptions {
  /** `host:port` SIPp sends to (the code under test, or a proxy in front of it). */
  target: string;
  /** The Request-URI, also the To URI. */
  to: string;
  /** The From value (default `<sip:carol@[local_ip]:[local_port]>`). */
  from?: string;
  body: string;
  /** Header lines after `Content-Type: text/plain`. */
  headers?: string[];
  /** The final status SIPp expects (default 202): another one makes its exit code non-zero. */
  expect?: number;
}

/** One text/plain MESSAGE from a SIPp UAC, as a phone or a provider sends it in; resolves when SIPp ends. */
export function sendSippMessage(options: SippMessageOptions): Promise<SippResult> {
  return runSippUac({
    target: options.target,
    scenario: uacScenario([
      {
        method: 'MESSAGE',
        requestUri: options.to,
        from: options.from ?? '<sip:carol@[local_ip]:[local_port]>',
        to: `<${options.to}>`,
        headers: ['Content-Type: text/plain', ...(options.headers ?? [])],
        body: options.body,
        expect: options.expect ?? 202,
      },
    ]),
  });
}
