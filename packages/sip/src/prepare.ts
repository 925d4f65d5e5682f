import { type Message, type Outcome, Reason } from '@messagesend/core';
import type { RegistrationStore } from '@messagesend/sip-ua';
import type { SipConfig, SipPeerConfig } from './config/types.js';
import { parseSipDestination, type SipTarget } from './destination.js';
import { buildFrom, type FromParts } from './from.js';
import { buildSipOutgoing, type SipOutgoing } from './outgoing.js';
import { type ResolvedSip, resolveSip, type SipResolution } from './resolve.js';

/** What every preparation of one technology shares. */
export interface PrepareOptions {
  config: SipConfig;
  store: RegistrationStore;
}

/** The message and MessageSend's from/to arguments (chan_sip: only the from argument counts). */
export interface PrepareMessage {
  message: Message;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * A destination parsed and resolved: the peer and Request-URI, the warnings so far, and
 * `build(local)`, the MESSAGE as sent from that local address (the running stack's UDP address
 * when sending, the configured one in a dry run or `explain`).
 */
export interface Prepared {
  target: SipTarget;
  resolved: ResolvedSip;
  warnings: string[];
  build(local: { host: string; port: number }): SipOutgoing;
}

/**
 * The one place a `sip:` send is worked out: parse the destination (a string, or what `parse`
 * already returned), resolve it to a Request-URI now, and build the request. send, its dry run
 * and `explain` all come through here. A destination that does not parse is
 * `DESTINATION_UNPARSABLE`; a failure carries the warnings so far.
 */
export function prepare(
  destination: string | SipTarget,
  input: PrepareMessage,
  options: PrepareOptions,
): Outcome<Prepared> & { warnings: string[] } {
  const { config, store } = options;
  const { message } = input;
  const warnings: string[] = [];
  let target: SipTarget;
  if (typeof destination === 'string') {
    const parsed = parseSipDestination(destination, config);
    if (!parsed.ok)
      return { ok: false, reason: Reason.DestinationUnparsable, detail: parsed.error.message, warnings };
    target = parsed.value;
  } else target = destination;
  if (input.to !== undefined || message.to !== undefined)
    warnings.push('the to argument is ignored by sip: (as chan_sip)');
  if (input.from === undefined && message.from !== undefined) {
    warnings.push('message.from is ignored by sip: (chan_sip uses only the from argument)');
  }
  const override =
    message.data === undefined
      ? undefined
      : Object.entries(message.data).find(([key]) => key.toLowerCase() === 'request-uri')?.[1];
  const resolved = resolveOnce(target, config, store, override);
  if (!resolved.ok) return { ...resolved, warnings };
  const value = resolved.value;
  if (value.passwordDropped)
    warnings.push('a password in the destination URI was not sent (RFC 3261 §19.1.1)');
  return new PreparedSend(target, value, warnings, input, config);
}

/** A class, not a literal with a `build` closure: one is made per send. */
class PreparedSend implements Prepared {
  readonly ok = true;

  constructor(
    readonly target: SipTarget,
    readonly resolved: ResolvedSip,
    readonly warnings: string[],
    private readonly input: PrepareMessage,
    private readonly config: SipConfig,
  ) {}

  build(local: { host: string; port: number }): SipOutgoing {
    const { config, resolved } = this;
    const peer = resolved.peer;
    return buildSipOutgoing({
      requestUri: resolved.requestUri,
      from: fromOnce(this.input.from, config, peer, local.host),
      localPort: local.port,
      tls: false,
      message: this.input.message,
      ...(peer?.outboundProxy
        ? {
            route: `<${peer.outboundProxy.replace(/^<|>$/g, '')}${/;lr/.test(peer.outboundProxy) ? '' : ';lr'}>`,
          }
        : {}),
      userAgent: config.general?.userAgent ?? 'messagesend',
      warnings: [...this.warnings],
    });
  }
}

/**
 * A resolution that depends only on the (memoised) target and the fixed configuration, that is no
 * Request-URI data value and no registered contact, is the same every send: made once per target.
 */
const resolutions = new WeakMap<SipTarget, SipResolution>();

function resolveOnce(
  target: SipTarget,
  config: SipConfig,
  store: RegistrationStore,
  override: string | undefined,
): SipResolution {
  if (override !== undefined || (target.peer !== undefined && store.bindings(target.peer).length > 0))
    return resolveSip(target, config, store, override);
  let resolution = resolutions.get(target);
  if (!resolution) {
    resolution = resolveSip(target, config, store, override);
    resolutions.set(target, resolution);
  }
  return resolution;
}

/** buildFrom is pure in its arguments: its parts are made once per configuration, peer, local host and from. */
const froms = new WeakMap<SipConfig, Map<SipPeerConfig | undefined, Map<string, Map<string, FromParts>>>>();
const FROM_MEMO_LIMIT = 64;

function fromOnce(
  from: string | undefined,
  config: SipConfig,
  peer: SipPeerConfig | undefined,
  localHost: string,
): FromParts {
  let byPeer = froms.get(config);
  if (!byPeer) {
    byPeer = new Map();
    froms.set(config, byPeer);
  }
  let byHost = byPeer.get(peer);
  if (!byHost) {
    byHost = new Map();
    byPeer.set(peer, byHost);
  }
  // Nested by host, then from: the strings are looked up as they are, no key joined per send.
  let byFrom = byHost.get(localHost);
  if (!byFrom) {
    byFrom = new Map();
    if (byHost.size < FROM_MEMO_LIMIT) byHost.set(localHost, byFrom);
  }
  const key = from ?? '';
  let parts = byFrom.get(key);
  if (!parts) {
    parts = buildFrom(from, config, peer, localHost);
    if (byFrom.size < FROM_MEMO_LIMIT) byFrom.set(key, parts);
  }
  return parts;
}
