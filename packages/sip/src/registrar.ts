import { parseNameAddr } from '@messagesend/core';
import {
  applyRegister,
  findHeader,
  type IncomingRequest,
  parseRegister,
  type RegistrationStore,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import type { SipConfig } from './config/types.js';
import type { PeerAuth } from './inbound-auth.js';

/** REGISTER from a dynamic peer: one binding per peer, replaced by each registration. */
export function handleRegister(
  request: IncomingRequest,
  config: SipConfig,
  store: RegistrationStore,
  auth: PeerAuth,
): ResponseSpec {
  const to = parseNameAddr(findHeader(request.headers, 'to') ?? '');
  const name = to.ok ? to.value.uri.user : undefined;
  const peer =
    name !== undefined && Object.hasOwn(config.peers ?? {}, name) ? config.peers![name] : undefined;
  if (!name || !peer) return { status: 404, reason: 'Peer Not Found' };
  if (peer.host?.toLowerCase() !== 'dynamic') return { status: 403, reason: 'Peer Is Not Dynamic' };
  const refusal = auth.check(request, name);
  if (refusal) return refusal;
  const parsed = parseRegister(request);
  if (typeof parsed === 'string') return { status: 400, reason: parsed };
  return applyRegister(
    store,
    name,
    parsed,
    { minExpires: 60, maxExpires: 3600, defaultExpires: 120, maxContacts: 1, removeExisting: true },
    request,
  );
}
