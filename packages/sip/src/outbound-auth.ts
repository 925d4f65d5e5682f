import type { DigestCredentials } from '@messagesend/sip-ua';
import type { SipConfig } from './config/types.js';

/** The peer's secret (as defaultuser, username or the peer's name), then every [authentication] entry. */
export function outboundCredentials(peerName: string | undefined, config: SipConfig): DigestCredentials[] {
  const peer = peerName ? config.peers?.[peerName] : undefined;
  const fromPeer = peer?.secret
    ? [{ username: peer.defaultUser ?? peer.username ?? peerName!, password: peer.secret }]
    : [];
  return [
    ...fromPeer,
    ...(config.authentication ?? []).map((a) => ({ username: a.user, password: a.secret, realm: a.realm })),
  ];
}
