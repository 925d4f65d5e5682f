import { parseNameAddr } from '@messagesend/core';
import {
  applyRegister,
  findHeader,
  type IncomingRequest,
  parseRegister,
  type RegistrationStore,
  type ResponseSpec,
} from '@messagesend/sip-ua';
import { registerAtSource } from '@messagesend/sip-ua/tech-kit';
import { DEFAULT_SIP_NAT, type SipNat } from './config/nat.js';
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
  const nat = useSourceAddress(request, peer.nat ?? config.general?.nat ?? DEFAULT_SIP_NAT)
    ? registerAtSource(parsed, request.source)
    : undefined;
  const response = applyRegister(
    store,
    name,
    nat?.parsed ?? parsed,
    { minExpires: 60, maxExpires: 3600, defaultExpires: 120, maxContacts: 1, removeExisting: true },
    request,
  );
  return nat ? nat.restore(response) : response;
}

/**
 * chan_sip's parse_register_contact: the Contact is trusted only when neither force_rport applies
 * (nat=force_rport, or auto_force_rport with the top Via's address not the source's) nor the
 * top Via asks for rport.
 */
function useSourceAddress(request: IncomingRequest, nat: SipNat): boolean {
  const via = findHeader(request.headers, 'via')?.split(',')[0] ?? '';
  if (/;\s*rport\s*(;|$)/i.test(via)) return true;
  if (nat === 'force_rport') return true;
  if (nat === 'no') return false;
  const sentBy = /^\s*SIP\s*\/\s*2\.0\s*\/\s*\S+\s+(\[[^\]]+\]|[^\s:;]+)/i.exec(via)?.[1];
  const source = request.source.address.replace(/^::ffff:/, '');
  return sentBy?.replace(/^\[|\]$/g, '').toLowerCase() !== source.toLowerCase();
}
