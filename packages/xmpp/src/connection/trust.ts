import { rootCertificates } from 'node:tls';

/**
 * The certificates a STARTTLS connection trusts with the `ca` option: Node's own roots and the
 * extra CA. Node's `ca` replaces its roots, so trusting one private server must add to them.
 */
export function trustedCas(ca: string | Buffer): (string | Buffer)[] {
  return [...rootCertificates, ca];
}
