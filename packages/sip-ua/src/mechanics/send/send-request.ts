import { createDeadline } from '@messagesend/core';
import { SipReason } from '../errors.js';
import type { OutgoingRequest } from '../wire/message.js';
import type { Dispatch, SendHandle, SendOutcome, SendRequestOptions, StackContext } from './send-types.js';
import { tryTargets } from './try-targets.js';

/**
 * Starts a send and tracks its dispatch: `dispatched` settles once the request is first written
 * (or, for a request never written, with the reason), `outcome` with the final result.
 */
export function sendRequest(
  context: StackContext,
  request: OutgoingRequest,
  options: SendRequestOptions,
): SendHandle {
  let markDispatched!: (dispatch: Dispatch) => void;
  const dispatched = new Promise<Dispatch>((resolve) => (markDispatched = resolve));
  // Shutdown reaches transactions through context.track; a listener per transaction on one shared
  // signal would be slow and trip Node's listener-leak warning under load.
  const signal = options.signal;
  const started = context.debug ? Date.now() : 0;
  const owned = options.deadline ? undefined : createDeadline(options.timeoutMs ?? 64 * context.timers.t1);
  const deadline = options.deadline ?? owned!;
  const outcome = tryTargets(context, request, options, deadline, signal, (target, bytes) =>
    markDispatched({ ok: true, target, bytes }),
  ).then((result) => {
    owned?.dispose();
    if (context.debug) logSend(context.debug, request, result, started);
    // Settles `dispatched` for a request never written (a no-op once it was).
    if (result.kind === 'failed') markDispatched({ ok: false, reason: result.reason, detail: result.detail });
    else if (result.kind === 'timeout')
      markDispatched({ ok: false, reason: SipReason.Timeout, detail: result.detail });
    return result;
  });
  return { dispatched, outcome };
}

/** One debug line per send: what was sent, where it went, how it ended (no body, no credentials). */
function logSend(
  debug: NonNullable<StackContext['debug']>,
  request: OutgoingRequest,
  result: SendOutcome,
  started: number,
): void {
  const callId = request.headers.find((header) => header.name.toLowerCase() === 'call-id')?.value;
  debug('sip send', {
    method: request.method,
    requestUri: request.uri,
    callId,
    outcome: result.kind,
    ...('response' in result && result.response ? { status: result.response.status } : {}),
    ...('reason' in result && result.reason ? { reason: result.reason } : {}),
    ...('target' in result && result.target
      ? { target: `${result.target.protocol}:${result.target.address}:${result.target.port}` }
      : {}),
    elapsedMs: Date.now() - started,
  });
}
