import { parseNameAddr } from '@messagesend/core';
import { findHeader, type IncomingRequest } from '@messagesend/sip-ua';
import type { SipConfig } from './config/types.js';

/**
 * The peer a request comes from, as chan_sip's check_user_full: the From user naming a
 * `type=user` or `friend` section, else a `peer` or `friend` whose host is the source address. A
 * `type=peer` is never selected by a From user, which any sender can write.
 */
export function identifyPeer(request: IncomingRequest, config: SipConfig): string | undefined {
  const peers = config.peers ?? {};
  const from = parseNameAddr(findHeader(request.headers, 'from') ?? '');
  const user = from.ok ? from.value.uri.user : undefined;
  if (user !== undefined && Object.hasOwn(peers, user) && peers[user]!.type !== 'peer') return user;
  const address = request.source.address.replace(/^::ffff:/, '');
  return Object.entries(peers).find(([, peer]) => peer.type !== 'user' && peer.host === address)?.[0];
}
