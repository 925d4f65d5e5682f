import { type HostType, isIPv4, isIPv6, type SipUri } from '@messagesend/core';

/** A SIP URI object for `user@host` (host may be an IPv6 address with or without brackets). */
export function makeUri(user: string | undefined, host: string, port?: number): SipUri {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const hostType: HostType = isIPv6(bare) ? 'ipv6' : isIPv4(bare) ? 'ipv4' : 'hostname';
  const uri: SipUri = {
    scheme: 'sip',
    host: hostType === 'ipv6' ? `[${bare}]` : bare,
    hostType,
    params: [],
    headers: [],
  };
  if (user !== undefined && user !== '') uri.user = user;
  if (port !== undefined) uri.port = port;
  return uri;
}
