import { type Outcome, Reason, sanitizeRemoteText } from '@messagesend/core';
import xml, { type Element } from '@xmpp/xml';
import type { XmppAccountConfig } from '../config/types.js';
import { startSession, type XmppConnection } from '../connection/connection.js';
import { XmppReason } from '../errors.js';

export type ConnectResult = Outcome;

/** Starts a session on the connection within `timeoutMs`: how it went online, or what stopped it. */
export async function raceSession(
  connection: XmppConnection,
  domain: string,
  timeoutMs: number,
  closing?: AbortSignal,
): Promise<'online' | 'resumed' | 'timeout' | 'closed' | Error> {
  const { entity, sm } = connection;
  entity.timeout = timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onClose: (() => void) | undefined;
  const ended = new Promise<'timeout' | 'closed'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    // close() must not wait out a connect to a silent server: it ends the attempt at once.
    onClose = () => resolve('closed');
    if (closing?.aborted) onClose();
    else closing?.addEventListener('abort', onClose, { once: true });
  });
  const outcome = await Promise.race([
    startSession(entity, domain, sm).then(
      (how) => how,
      (error: Error) => error,
    ),
    ended,
  ]);
  clearTimeout(timer);
  if (onClose) closing?.removeEventListener('abort', onClose);
  return outcome;
}

/** The connect's result, or XMPP_CONNECT_TIMEOUT in the turn the send's deadline ends. */
export function connectedWithin(
  connecting: Promise<ConnectResult>,
  signal: AbortSignal,
): Promise<ConnectResult> {
  const late: ConnectResult = {
    ok: false,
    reason: XmppReason.ConnectTimeout,
    detail: "no session before the send's deadline ended (the connection attempt goes on for later sends)",
  };
  if (signal.aborted) return Promise.resolve(late);
  return new Promise((resolve) => {
    const expire = (): void => resolve(late);
    signal.addEventListener('abort', expire, { once: true });
    void connecting.then((result) => {
      signal.removeEventListener('abort', expire);
      resolve(result);
    });
  });
}

/** The FAILURE a session that did not start gives. */
export function sessionFailure(
  outcome: 'timeout' | Error,
  config: XmppAccountConfig,
  domain: string,
  timeoutMs: number,
): ConnectResult {
  if (outcome === 'timeout')
    return {
      ok: false,
      reason: XmppReason.ConnectTimeout,
      detail: `no session with ${config.serverHost ?? domain} within ${timeoutMs} ms`,
    };
  return {
    ok: false,
    reason: connectFailureReason(outcome),
    detail: `${config.username}: ${sanitizeRemoteText(outcome.message || outcome.name)}`,
  };
}

export function closedWhileConnecting(): ConnectResult {
  return { ok: false, reason: Reason.TechClosed, detail: 'closed while connecting' };
}

function connectFailureReason(error: Error): string {
  if (error.name === 'TimeoutError') return XmppReason.ConnectTimeout;
  if (error.name === 'TlsRequiredError') return XmppReason.TlsRequired;
  if (error.name === 'ServerMalformedError' || error.name === 'XMLError') return XmppReason.ServerMalformed;
  if (error.name === 'SASLError' || /not-authorized|authentication/i.test(error.message))
    return XmppReason.AuthFailed;
  return XmppReason.ConnectFailed;
}

/** The presence a new session announces: priority, and the configured show and status. */
export function initialPresence(config: XmppAccountConfig): Element {
  const presence = xml('presence', {}, xml('priority', {}, String(config.priority ?? 1)));
  if (config.status && config.status !== 'available') presence.append(xml('show', {}, config.status));
  if (config.statusMessage) presence.append(xml('status', {}, config.statusMessage));
  return presence;
}
