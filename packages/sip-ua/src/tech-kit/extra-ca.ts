import { rootCertificates } from 'node:tls';
import type { TransportSpec } from '../mechanics/stack/bind-transports.js';

/**
 * The TLS transports with `ca` trusted too (`messagesend --ca`). Node's `ca` option replaces its
 * roots, so the extra CA is added to what the transport already trusted: its own list when the
 * configuration gave one (pjsip's ca_list_file), else Node's roots. Other transports are unchanged.
 */
export function withExtraCa(specs: readonly TransportSpec[], ca: string | Buffer): TransportSpec[] {
  return specs.map((spec) => {
    if (spec.protocol !== 'tls') return spec;
    const own = spec.tls?.ca;
    const trusted = own === undefined ? [...rootCertificates] : Array.isArray(own) ? [...own] : [own];
    return { ...spec, tls: { ...spec.tls, ca: [...trusted, ca] } };
  });
}
