import { type Outcome, parseSipUri } from '@messagesend/core';
import type { RegistrationStore, TransportProtocol } from '@messagesend/sip-ua';
import type { SipConfig, SipPeerConfig } from './config/types.js';
import type { SipTarget } from './destination.js';
import { ChanSipReason } from './errors.js';
import { chanSipUser } from './escape.js';

export interface ResolvedSip {
  /** The Request-URI text (To is the same, in <>). */
  requestUri: string;
  peerName?: string;
  peer?: SipPeerConfig;
  /** Where the Request-URI came from, for `explain`. */
  via: string;
  /** A password in the destination's user part was removed (RFC 3261 §19.1.1). */
  passwordDropped?: boolean;
  /** The transport a registered peer's REGISTER came over (chan_sip moves the peer's socket to it). */
  registeredProtocol?: TransportProtocol;
}

export type SipResolution = Outcome<{ value: ResolvedSip }>;

/**
 * R3.2-R3.3: a peer's registered contact is the Request-URI (its user ignored); a static peer gives
 * `sip:[user@]host[:port]` (the destination user, else defaultuser or username); a non-peer host
 * gives `sip:[user@]host[:port]` with the port only when the destination had one.
 */
export function resolveSip(
  target: SipTarget,
  config: SipConfig,
  store: RegistrationStore,
  requestUriOverride?: string,
): SipResolution {
  // chan_sip keeps `user:password` together and prints it; a password is not to be sent.
  const colon = target.user.indexOf(':');
  if (colon >= 0) {
    const resolved = resolveSip(
      { ...target, user: target.user.slice(0, colon) },
      config,
      store,
      requestUriOverride,
    );
    return resolved.ok ? { ok: true, value: { ...resolved.value, passwordDropped: true } } : resolved;
  }
  if (target.peer !== undefined) {
    const peer = config.peers![target.peer]!;
    const registered = store.bindings(target.peer)[0];
    if (registered)
      return {
        ok: true,
        value: {
          requestUri: registered.contact,
          peerName: target.peer,
          peer,
          via: `registered contact of peer ${target.peer}`,
          ...(registered.source ? { registeredProtocol: registered.source.protocol } : {}),
        },
      };
    if (!peer.host || peer.host.toLowerCase() === 'dynamic') {
      return peer.host?.toLowerCase() === 'dynamic'
        ? {
            ok: false,
            reason: ChanSipReason.PeerNotRegistered,
            detail: `peer '${target.peer}' is dynamic and not registered`,
          }
        : { ok: false, reason: ChanSipReason.PeerNoAddress, detail: `peer '${target.peer}' has no host=` };
    }
    const user = target.user || peer.defaultUser || peer.username || '';
    // initreqprep: an optional + then only 0-9 (AST_DIGIT_ANYNUM); an empty user passes too.
    const phone = peer.useReqPhone && /^\+?[0-9]*$/.test(user) ? ';user=phone' : '';
    const port = peer.port !== undefined ? `:${peer.port}` : '';
    const uri = `sip:${user ? `${chanSipUser(user)}@` : ''}${peer.host}${port}${phone}`;
    return {
      ok: true,
      value: { requestUri: uri, peerName: target.peer, peer, via: `host= of peer ${target.peer}` },
    };
  }
  if (target.numeric) {
    return {
      ok: false,
      reason: ChanSipReason.NumericHost,
      detail: `purely numeric hostname (${target.host}), and not a peer: rejecting`,
    };
  }
  if (requestUriOverride !== undefined) {
    // chan_sip trusts it verbatim; one that is not a SIP URI would break To (`>` forges a tag).
    if (!parseSipUri(requestUriOverride).ok)
      return {
        ok: false,
        reason: ChanSipReason.BadRequestUri,
        detail: `the Request-URI data value ${JSON.stringify(requestUriOverride)} is not a SIP URI`,
      };
    return { ok: true, value: { requestUri: requestUriOverride, via: 'the Request-URI data value' } };
  }
  const port = target.port !== undefined ? `:${target.port}` : '';
  const uri = `sip:${target.user ? `${chanSipUser(target.user)}@` : ''}${target.host}${port}`;
  return { ok: true, value: { requestUri: uri, via: 'the host in the destination' } };
}
