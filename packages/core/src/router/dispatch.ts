import { createDeadline, NEVER_ABORTED } from '../deadline.js';
import type { Logger } from '../logger.js';
import type { Message, SendOptions, SendResult } from '../message.js';
import { Reason } from '../reasons.js';
import { SendStatus } from '../status.js';
import type { Stopper } from '../stopper.js';
import type { TechSendOutcome } from '../tech.js';
import { messageProblem, optionsProblem } from '../validate-message.js';
import { withoutReceivedData } from './received.js';
import { describe, refused } from './refusal.js';
import { RoutedSend, thrown } from './routed-send.js';
import type { SendsInFlight } from './sends-in-flight.js';
import { techPrefix } from './tech-prefix.js';
import type { TechTable } from './tech-table.js';

/** What the send path needs from its router. */
export interface DispatchContext {
  techs: TechTable;
  logger: Logger;
  defaultTimeoutMs: number;
  inflight: SendsInFlight;
  stopped: Stopper;
  isClosing(): boolean;
}

/**
 * One send, Asterisk's way: empty destination, unknown prefix, bad message, unparsable destination
 * are refused with their status; otherwise the technology sends within one deadline. Not async:
 * the accepted send's result is the promise of its bounded wait (see routed-send.ts), with no
 * async frame and no promise adopting it; a throw still becomes a rejection.
 */
export function dispatch(
  ctx: DispatchContext,
  destination: string,
  given: Message,
  opts: SendOptions,
): Promise<SendResult> {
  try {
    return start(ctx, destination, given, opts);
  } catch (error) {
    return Promise.reject(error);
  }
}

function start(
  ctx: DispatchContext,
  destination: string,
  given: Message,
  opts: SendOptions,
): Promise<SendResult> {
  const message = withoutReceivedData(given);
  const heldBack = message !== given;
  const { techs, logger, inflight, stopped } = ctx;
  const started = performance.now();
  if (ctx.isClosing())
    return Promise.resolve(refused(SendStatus.Failure, Reason.RouterClosed, 'the router is closed', started));
  const techName = techPrefix(destination);
  if (techName === undefined) {
    return Promise.resolve(
      refused(SendStatus.InvalidUri, Reason.EmptyDestination, 'the destination is empty', started),
    );
  }
  const tech = techs.get(techName);
  if (tech === undefined) {
    const detail = `no technology "${techName}" is registered (registered: ${techs.names().join(', ') || 'none'})`;
    return Promise.resolve(refused(SendStatus.InvalidProtocol, Reason.UnknownTech, detail, started));
  }
  const problem = messageProblem(message) ?? optionsProblem(opts);
  if (problem !== undefined)
    return Promise.resolve(refused(SendStatus.Failure, Reason.InvalidMessage, problem, started, tech));
  if (opts.signal?.aborted)
    return Promise.resolve(
      refused(SendStatus.Failure, Reason.Aborted, 'aborted before sending', started, tech),
    );

  let target: ReturnType<typeof tech.parse>;
  try {
    target = tech.parse(destination);
  } catch (error) {
    return Promise.resolve(
      refused(SendStatus.Failure, Reason.TechThrew, `parse() threw: ${describe(error)}`, started, tech),
    );
  }
  if (!target.ok) {
    const detail = `${target.error.message} (at offset ${target.error.offset})`;
    return Promise.resolve(
      refused(SendStatus.InvalidUri, Reason.DestinationUnparsable, detail, started, tech),
    );
  }

  const timeoutMs = opts.timeoutMs ?? ctx.defaultTimeoutMs;
  const dryRun = opts.dryRun === true;
  const deadline = createDeadline(timeoutMs, started);
  // close() waits for this send's status and report; the deadline's timer ends with the report
  // (the send ends itself when the report settles: no then() per send for it).
  const send = new RoutedSend(
    deadline,
    stopped,
    tech,
    timeoutMs,
    started,
    inflight.end,
    dryRun,
    heldBack,
    opts.waitForDelivery === true,
  );
  inflight.begin();
  let sending: Promise<TechSendOutcome>;
  try {
    sending = Promise.resolve(
      tech.send(
        { destination, target: target.value, message, from: opts.from, to: opts.to, dryRun },
        // Without the caller's signal, one shared signal that never aborts and keeps no listeners
        // (no AbortController per send, no listener that could never fire).
        { signal: opts.signal ?? NEVER_ABORTED, timeoutMs, deadline, logger },
      ),
    );
  } catch (error) {
    sending = Promise.resolve(thrown(tech, error));
  }
  return send.run(sending, opts.signal);
}
