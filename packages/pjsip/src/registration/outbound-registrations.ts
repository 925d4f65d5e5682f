import { silentLogger } from '@messagesend/core';
import {
  type RegisteringStack,
  type RegistrationSet,
  type RegistrationStatus,
  registrationSet,
} from '@messagesend/sip-ua';
import type { SipTechRuntime } from '@messagesend/sip-ua/tech-kit';
import type { PjsipConfig } from '../config/types.js';
import { PjsipReason } from '../errors.js';
import { pjsipRegistrationEntries } from './registration-entries.js';

/** pjsip.conf's outbound registrations: started with the technology, unregistered on close. */
export interface PjsipOutboundRegistrations {
  /** Starts them on the technology's stack (when there are any). */
  start(stack: () => Promise<RegisteringStack | undefined>): Promise<void>;
  list(): RegistrationStatus[];
  onState: RegistrationSet['onState'];
  /** The endpoint of a registration with line=yes whose token is `line`. */
  lineEndpoint(line: string): string | undefined;
  close(): Promise<void>;
}

export function pjsipOutboundRegistrations(
  config: PjsipConfig,
  defaults: { userAgent: string },
  warnings: string[],
): PjsipOutboundRegistrations {
  const { entries, lines } = pjsipRegistrationEntries(config, defaults, warnings);
  const set = registrationSet(entries);
  return {
    async start(stack) {
      if (entries.length === 0) return;
      const running = await stack();
      if (running) set.start(running);
    },
    list: set.list,
    onState: set.onState,
    lineEndpoint: (line) => lines.get(line),
    close: set.close,
  };
}

/** The technology's stack for registering: started if need be; undefined when it cannot start. */
export function registeringStackOf(runtime: SipTechRuntime): () => Promise<RegisteringStack | undefined> {
  return async () => {
    const context = { signal: new AbortController().signal, timeoutMs: 0, logger: silentLogger };
    const got = await runtime.stackFor(false, context, undefined, {
      startFailedReason: PjsipReason.StartFailed,
    });
    return got.ok ? got.stack : undefined;
  };
}
