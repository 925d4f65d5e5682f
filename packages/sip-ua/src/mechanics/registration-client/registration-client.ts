import type { DigestCredentials } from '../auth/digest.js';
import { newCallId, newTag } from '../ids.js';
import { buildRequest } from '../request.js';
import type { SendHandle, SendOutcome, SendRequestOptions } from '../send/send-types.js';
import { findHeader, type HeaderField } from '../wire/headers.js';
import type { Endpoint, OutgoingRequest, TransportProtocol } from '../wire/message.js';
import { grantedExpires } from './expires.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.js';
import type { RegistrationState } from './state.js';

/** Seconds before expiry a binding is refreshed (pjsip's and Asterisk's REREGISTER_BUFFER_TIME). */
export const REFRESH_BEFORE_EXPIRY_SEC = 10;
const DEFAULT_REQUEST_TIMEOUT_MS = 32_000;
/** A registrar granting 0 (or a few) seconds must not get a REGISTER loop: refreshes wait at least this. */
export const MIN_REFRESH_DELAY_SEC = 1;
/** Node timers overflow past 2^31 ms (about 24.8 days): longer waits are cut to this. */
const MAX_DELAY_SEC = 2_000_000;
const DEFAULT_UNREGISTER_TIMEOUT_MS = 2_000;

/** The one thing the client needs from a stack: its public send (SipStack.send). */
export type RegisterSender = (request: OutgoingRequest, options: SendRequestOptions) => SendHandle;

export interface RegistrationClientOptions extends Partial<RetryPolicy> {
  /** Request-URI of the REGISTER (the registrar). */
  serverUri: string;
  /** The address-of-record registered: From and To. */
  clientUri: string;
  /** The Contact URI bound, worked out when each REGISTER is built (the local address may change). */
  contact: () => string;
  /** Extra Contact header parameters (`;x=y`), after the URI's `<>`. */
  contactParams?: string;
  credentials?: DigestCredentials[];
  /** Seconds asked for (default 3600). */
  expirationSec?: number;
  /** Route header values (an outbound proxy). */
  route?: string[];
  userAgent?: string;
  protocol?: TransportProtocol;
  /** Bound of one REGISTER transaction, challenges included (default 32 s). */
  requestTimeoutMs?: number;
  /** Bound of the unregister sent by close() (default 2 s). */
  unregisterTimeoutMs?: number;
  /** Seconds before the granted expiry the refresh is sent (default 10 s, as pjsip). */
  refreshBeforeSec?: (grantedSec: number) => number;
  /** Send here instead of locating the Request-URI (a registrar named apart from its domain). */
  target?: Endpoint;
  /** Given only when a logger listens: one line per state change. */
  debug?: (message: string, fields: Record<string, unknown>) => void;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

export interface RegistrationClient {
  /** Sends the first REGISTER; refreshes and retries follow by themselves. */
  start(): void;
  state(): RegistrationState;
  /** Called on every state change; returns the unsubscribe function. */
  onState(listener: (state: RegistrationState) => void): () => void;
  /** Stops refreshing; a registered binding is removed (Expires: 0) within `unregisterTimeoutMs`. */
  close(): Promise<void>;
}

/**
 * A REGISTER client (RFC 3261 section 10.2): one Call-ID and rising CSeq for its bindings,
 * digest answered by the stack's send, a refresh before the granted expiry, retries as the
 * policy says, and an unregister on close.
 */
export function registrationClient(
  send: RegisterSender,
  options: RegistrationClientOptions,
): RegistrationClient {
  const policy: RetryPolicy = {
    retryIntervalSec: options.retryIntervalSec ?? DEFAULT_RETRY_POLICY.retryIntervalSec,
    forbiddenRetryIntervalSec:
      options.forbiddenRetryIntervalSec ?? DEFAULT_RETRY_POLICY.forbiddenRetryIntervalSec,
    fatalRetryIntervalSec: options.fatalRetryIntervalSec ?? DEFAULT_RETRY_POLICY.fatalRetryIntervalSec,
    maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    authRejectionPermanent: options.authRejectionPermanent ?? DEFAULT_RETRY_POLICY.authRejectionPermanent,
  };
  const now = options.now ?? Date.now;
  const callId = newCallId();
  const fromTag = newTag();
  let cseq = 0;
  let expirationSec = options.expirationSec ?? 3600;
  let retries = 0;
  let current: RegistrationState = { status: 'stopped' };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let inFlight: Promise<void> | undefined;
  let lastContact: string | undefined;
  const listeners = new Set<(state: RegistrationState) => void>();

  const setState = (next: RegistrationState): void => {
    current = next;
    if (options.debug) logState(options.debug, options.serverUri, next);
    for (const listener of listeners) listener(next);
  };

  const schedule = (afterSec: number): void => {
    clearTimeout(timer);
    timer = setTimeout(attempt, Math.min(afterSec, MAX_DELAY_SEC) * 1000);
    timer.unref();
  };

  function registerRequest(expires: number): { request: OutgoingRequest; contact: string } {
    const contact = options.contact();
    lastContact = contact;
    const headers: HeaderField[] = [
      { name: 'Contact', value: `<${contact}>${options.contactParams ?? ''}` },
      { name: 'Expires', value: String(expires) },
    ];
    cseq++;
    const request = buildRequest({
      method: 'REGISTER',
      requestUri: options.serverUri,
      from: `<${options.clientUri}>`,
      to: `<${options.clientUri}>`,
      callId,
      cseq,
      fromTag,
      ...(options.route ? { route: options.route } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      headers,
    });
    return { request, contact };
  }

  function sendRegister(
    expires: number,
    timeoutMs: number,
  ): { contact: string; outcome: Promise<SendOutcome> } {
    const { request, contact } = registerRequest(expires);
    const handle = send(request, {
      timeoutMs,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.protocol ? { protocol: options.protocol } : {}),
      ...(options.target ? { target: options.target } : {}),
    });
    return { contact, outcome: handle.outcome.then(keepCSeq) };
  }

  /** The stack bumps CSeq for each challenge it answers: the next request goes above it. */
  function keepCSeq(outcome: SendOutcome): SendOutcome {
    if (outcome.kind === 'response') {
      const sent = Number.parseInt(findHeader(outcome.response.headers, 'CSeq') ?? '', 10);
      if (Number.isInteger(sent) && sent > cseq) cseq = sent;
    }
    return outcome;
  }

  function attempt(): void {
    if (closed) return;
    setState({ status: 'registering', since: now() });
    const { contact, outcome } = sendRegister(
      expirationSec,
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    );
    inFlight = outcome.then(
      (result) => settle(result, contact),
      (error: unknown) => fail(408, `REGISTER could not be sent: ${(error as Error).message}`),
    );
  }

  function settle(result: SendOutcome, contact: string): void {
    if (closed) return;
    if (result.kind !== 'response') {
      fail(408, result.detail);
      return;
    }
    const { response } = result;
    if (response.status >= 200 && response.status < 300) {
      retries = 0;
      const granted = grantedExpires(response, contact, expirationSec);
      const before = options.refreshBeforeSec?.(granted) ?? REFRESH_BEFORE_EXPIRY_SEC;
      const refreshIn = Math.max(MIN_REFRESH_DELAY_SEC, granted - before);
      setState({
        status: 'registered',
        expiresAt: now() + granted * 1000,
        refreshAt: now() + refreshIn * 1000,
      });
      schedule(refreshIn);
      return;
    }
    if (response.status === 423) {
      // RFC 3261 section 10.2.8: ask again with at least Min-Expires.
      const min = Number(findHeader(response.headers, 'Min-Expires'));
      if (Number.isInteger(min) && min > expirationSec && min <= MAX_DELAY_SEC) {
        expirationSec = min;
        attempt();
        return;
      }
    }
    const retryAfter = Number.parseInt(findHeader(response.headers, 'Retry-After') ?? '', 10);
    fail(response.status, response.reason, Number.isInteger(retryAfter) ? retryAfter : undefined);
  }

  function fail(code: number, why: string, retryAfterSec?: number): void {
    if (closed) return;
    const decision = decideRetry(code, retries, policy, retryAfterSec);
    if (!decision.retry) {
      setState({ status: 'rejected', permanent: true, code, why, retries });
      return;
    }
    if (decision.countsAsRetry) retries++;
    setState({
      status: 'rejected',
      permanent: false,
      code,
      why,
      retryAt: now() + Math.min(decision.afterSec, MAX_DELAY_SEC) * 1000,
      retries,
    });
    schedule(decision.afterSec);
  }

  return {
    start() {
      if (closed || current.status !== 'stopped') return;
      attempt();
    },
    state: () => current,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      const wasBound = current.status === 'registered' || current.status === 'registering';
      const bound = options.unregisterTimeoutMs ?? DEFAULT_UNREGISTER_TIMEOUT_MS;
      if (current.status === 'registering' && inFlight) await withBound(inFlight, bound);
      if (!wasBound || lastContact === undefined) {
        setState({ status: 'stopped' });
        return;
      }
      const { outcome } = sendRegister(0, bound);
      const result = await withBound(outcome, bound);
      const ok = result !== undefined && result.kind === 'response' && result.response.status < 300;
      setState(ok ? { status: 'unregistered' } : { status: 'stopped' });
    },
  };
}

/** `promise`'s value, or undefined once `ms` have passed (never rejects). */
async function withBound<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), bound]);
  } finally {
    clearTimeout(timer);
  }
}

function logState(
  debug: NonNullable<RegistrationClientOptions['debug']>,
  serverUri: string,
  state: RegistrationState,
): void {
  const fields: Record<string, unknown> = { serverUri, state: state.status };
  if (state.status === 'registered') {
    fields.expiresAt = new Date(state.expiresAt).toISOString();
    fields.nextAttemptAt = new Date(state.refreshAt).toISOString();
  }
  if (state.status === 'rejected') {
    fields.code = state.code;
    fields.why = state.why;
    fields.permanent = state.permanent;
    fields.retries = state.retries;
    if (state.retryAt !== undefined) fields.nextAttemptAt = new Date(state.retryAt).toISOString();
  }
  debug('sip registration', fields);
}
