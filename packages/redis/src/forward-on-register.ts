import type { RedisRegistrationStore } from './registration-store.js';
import type { SendQueue } from './send-queue.js';

/**
 * Store-and-forward's trigger: when a REGISTER reaches this process and leaves `key` (a pjsip AOR,
 * a chan_sip peer) with a contact, the messages stored for its destinations are sent. `destinations`
 * maps a key to the destinations callers use (default `pjsip:KEY`, `PJSIP/KEY`, `sip:KEY`, `SIP/KEY`).
 * Returns a function that stops it.
 */
export function forwardOnRegister(
  store: RedisRegistrationStore,
  queue: SendQueue,
  destinations: (key: string) => string[] = (key) => [
    `pjsip:${key}`,
    `PJSIP/${key}`,
    `sip:${key}`,
    `SIP/${key}`,
  ],
  onError: (error: unknown) => void = () => {},
  // The store hears of a REGISTER before its 200 OK is written: a MESSAGE sent at once would
  // reach the phone before the answer to its REGISTER.
  delayMs = 250,
): () => void {
  const onRegistered = (key: string): void => {
    setTimeout(() => {
      void (async () => {
        for (const destination of destinations(key)) await queue.flushStored(destination);
      })().catch(onError);
    }, delayMs).unref();
  };
  store.on('registered', onRegistered);
  return () => store.off('registered', onRegistered);
}
