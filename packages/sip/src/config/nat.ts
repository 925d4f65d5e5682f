/**
 * chan_sip's `nat=` as far as signalling goes (sip_parse_nat_option): whether a registered peer
 * is reached at the address its REGISTER came from. comedia/auto_comedia are media-only.
 */
export type SipNat = 'no' | 'force_rport' | 'auto_force_rport';

/** chan_sip's default since 13: use the source address when the Via shows the peer is behind NAT. */
export const DEFAULT_SIP_NAT: SipNat = 'auto_force_rport';

/** Reads `nat=` word by word as chan_sip does: `no`/`yes` end the list, auto_force_rport wins over force_rport. */
export function parseSipNat(value: string): SipNat {
  let nat: SipNat = 'no';
  for (const raw of value.split(',')) {
    const word = raw.trim().toLowerCase();
    if (/^(no|false|off|0|n|f)$/.test(word)) return 'no';
    if (word === 'yes') return 'force_rport';
    if (word === 'force_rport' && nat !== 'auto_force_rport') nat = 'force_rport';
    else if (word === 'auto_force_rport') nat = 'auto_force_rport';
  }
  return nat;
}
