import type { Outcome } from '@messagesend/core';
import type { XmppConfig } from './config/types.js';
import { XmppReason } from './errors.js';

export type XmppResolution = Outcome<{ section: string }>;

/** The xmpp.conf client section named `wanted`, case-insensitively. */
export function accountSection(config: XmppConfig, wanted: string): string | undefined {
  return Object.keys(config.accounts ?? {}).find((section) => section.toLowerCase() === wanted.toLowerCase());
}

/** R4.2: only the from argument counts, and its part after the first ":" names the account. */
export function resolveAccount(from: string | undefined, config: XmppConfig): XmppResolution {
  const text = from ?? '';
  const colon = text.indexOf(':');
  if (colon < 0)
    return {
      ok: false,
      reason: XmppReason.FromRequired,
      detail: `from "${text}" is invalid for XMPP: give xmpp:<account> (an xmpp.conf section)`,
    };
  const wanted = text.slice(colon + 1);
  const section = accountSection(config, wanted);
  if (section === undefined)
    return {
      ok: false,
      reason: XmppReason.UnknownAccount,
      detail: `could not find account to send from as '${wanted}'`,
    };
  return { ok: true, section };
}
