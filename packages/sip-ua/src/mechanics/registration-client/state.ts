/** What a registration client is doing, as `state()` and `onState` report it. */
export type RegistrationState =
  | { status: 'stopped' }
  | { status: 'registering'; since: number }
  | {
      status: 'registered';
      /** When the registrar lets the binding lapse (ms since the epoch). */
      expiresAt: number;
      /** When the refresh is sent (ms since the epoch). */
      refreshAt: number;
    }
  | {
      status: 'rejected';
      /** True when no more attempts will be made. */
      permanent: boolean;
      /** The final status code (408 for a timeout or a transport failure). */
      code: number;
      /** The status line's reason, or why the request got no answer. */
      why: string;
      /** When the next attempt is sent (ms since the epoch), unless permanent. */
      retryAt?: number;
      /** Retries in a row so far. */
      retries: number;
    }
  | { status: 'unregistered' };
