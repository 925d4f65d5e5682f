import type { DigestCredentials } from '@messagesend/sip-ua';
import type { PjsipConfig } from './config/types.js';
import type { ResolvedTarget } from './resolve.js';

/** The credentials of the endpoint's outbound_auth sections, for answering a 401/407. */
export function outboundCredentials(target: ResolvedTarget, config: PjsipConfig): DigestCredentials[] {
  return (target.endpoint.outboundAuth ?? [])
    .map((authName) => config.auths?.[authName])
    .filter((auth) => auth !== undefined)
    .map((auth) => ({
      username: auth.username,
      password: auth.password,
      ...(auth.realm ? { realm: auth.realm } : {}),
    }));
}
