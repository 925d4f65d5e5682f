import { type Message, type Outcome, Reason } from '@messagesend/core';
import type { RegistrationStore, TransportProtocol } from '@messagesend/sip-ua';
import type { PjsipConfig } from './config/types.js';
import { classifyDestination, type PjsipTarget } from './destination.js';
import { buildOutgoing, type Outgoing } from './outgoing.js';
import { type ResolvedTarget, resolveTarget } from './resolve.js';
import { protocolFor } from './transports.js';

/** What every preparation of one technology shares. */
export interface PrepareOptions {
  config: PjsipConfig;
  store: RegistrationStore;
  /** User-Agent when pjsip.conf sets none. */
  defaultUserAgent: string;
  /** The clock registered contacts expire by (epoch ms). */
  now: () => number;
}

/** The message and MessageSend's from/to arguments (the argument wins over the message's field). */
export interface PrepareMessage {
  message: Message;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * A destination classified and resolved: the endpoint, the Request-URI, the transport protocol
 * to send with, and `build(localHost)`, the MESSAGE as sent from the local address that protocol
 * gives (the running stack's when sending, the configured one in a dry run or `explain`).
 */
export interface Prepared {
  target: PjsipTarget;
  resolved: ResolvedTarget;
  protocol: TransportProtocol | undefined;
  build(localHost: string): Outgoing;
}

/**
 * The one place a `pjsip:` send is worked out: classify the destination (a string, or what
 * `parse` already returned), resolve it to an endpoint and a URI now, and build the request.
 * send, its dry run and `explain` all come through here. A destination that does not classify is
 * `DESTINATION_UNPARSABLE`.
 */
export function prepare(
  destination: string | PjsipTarget,
  input: PrepareMessage,
  options: PrepareOptions,
): Outcome<Prepared> {
  const { config, store } = options;
  let target: PjsipTarget;
  if (typeof destination === 'string') {
    const parsed = classifyDestination(destination, config);
    if (!parsed.ok) return { ok: false, reason: Reason.DestinationUnparsable, detail: parsed.error.message };
    target = parsed.value;
  } else target = destination;
  const resolved = resolveTarget(target, config, store, options.now());
  if (!resolved.ok) return resolved;
  return new PreparedSend(target, resolved.value, protocolFor(resolved.value, config), input, options);
}

/** A class, not a literal with a `build` closure: one is made per send. */
class PreparedSend implements Prepared {
  readonly ok = true;

  constructor(
    readonly target: PjsipTarget,
    readonly resolved: ResolvedTarget,
    readonly protocol: TransportProtocol | undefined,
    private readonly input: PrepareMessage,
    private readonly options: PrepareOptions,
  ) {}

  build(localHost: string): Outgoing {
    return buildOutgoing({
      target: this.resolved,
      message: this.input.message,
      from: this.input.from,
      to: this.input.to,
      localHost,
      config: this.options.config,
      defaultUserAgent: this.options.defaultUserAgent,
    });
  }
}
