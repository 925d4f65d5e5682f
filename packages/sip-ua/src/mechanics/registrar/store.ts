import type { Endpoint } from '../wire/message.js';

export interface Binding {
  /** The registered contact URI. */
  contact: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  callId: string;
  cseq: number;
  q?: number;
  /** Where the REGISTER came from (for NAT-aware sending). */
  source?: Endpoint;
  /** Epoch milliseconds of the first registration (oldest first when making room). */
  registeredAt: number;
}

/** Where bindings live; technologies map AORs (pjsip) or peers (chan_sip) to keys. */
export interface RegistrationStore {
  /** Unexpired bindings of `key`, oldest first. */
  bindings(key: string, now?: number): Binding[];
  replace(key: string, bindings: Binding[]): void;
  /** Keys with unexpired bindings; lets applyRegister bound how many AORs are registered. */
  size?(now?: number): number;
}

/** The default store: in memory, expired bindings dropped when read. */
export class MemoryRegistrationStore implements RegistrationStore {
  private readonly map = new Map<string, Binding[]>();

  bindings(key: string, now = Date.now()): Binding[] {
    const stored = this.map.get(key);
    if (stored === undefined) return [];
    const live = stored.filter((b) => b.expiresAt > now);
    if (live.length === 0) this.map.delete(key);
    else this.map.set(key, live);
    return [...live];
  }

  /** Keys with unexpired bindings. */
  keys(now = Date.now()): string[] {
    this.size(now);
    return [...this.map.keys()];
  }

  size(now = Date.now()): number {
    for (const key of [...this.map.keys()]) this.bindings(key, now);
    return this.map.size;
  }

  replace(key: string, bindings: Binding[]): void {
    if (bindings.length === 0) this.map.delete(key);
    else
      this.map.set(
        key,
        [...bindings].sort((a, b) => a.registeredAt - b.registeredAt),
      );
  }
}
