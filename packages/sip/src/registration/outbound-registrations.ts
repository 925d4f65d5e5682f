import { silentLogger } from '@messagesend/core';
import {
  type RegisteringStack,
  type RegistrationSet,
  type RegistrationStatus,
  registrationSet,
} from '@messagesend/sip-ua';
import type { SipTechRuntime } from '@messagesend/sip-ua/tech-kit';
import type { SipConfig } from '../config/types.js';
import { ChanSipReason } from '../errors.js';
import { sipRegistrationEntries } from './registration-entries.js';

/** sip.conf's `register =>` lines: started with the technology, unregistered on close. */
export interface SipOutboundRegistrations {
  start(runtime: SipTechRuntime): Promise<void>;
  list(): RegistrationStatus[];
  onState: RegistrationSet['onState'];
  close(): Promise<void>;
}

export function sipOutboundRegistrations(
  config: SipConfig,
  defaults: { userAgent: string },
): SipOutboundRegistrations {
  const entries = sipRegistrationEntries(config, defaults);
  const set = registrationSet(entries);
  return {
    async start(runtime) {
      if (entries.length === 0) return;
      const running = await stackOf(runtime);
      if (running) set.start(running);
    },
    list: set.list,
    onState: set.onState,
    close: set.close,
  };
}

async function stackOf(runtime: SipTechRuntime): Promise<RegisteringStack | undefined> {
  const context = { signal: new AbortController().signal, timeoutMs: 0, logger: silentLogger };
  const got = await runtime.stackFor(false, context, undefined, {
    startFailedReason: ChanSipReason.StartFailed,
  });
  return got.ok ? got.stack : undefined;
}
