import type { StreamFeatures } from '@xmpp/stream-features';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

/** The server requires STARTTLS and the account has usetls=no. */
export class TlsRequiredError extends Error {
  override name = 'TlsRequiredError';
}

/**
 * For usetls=no: the server's first features already say whether it will talk in clear. With
 * `<starttls><required/>` (or STARTTLS and no way to log in without it) nothing else will come, and
 * xmpp.js would wait for a SASL offer until the connect bound: fail at once instead.
 */
export function refuseRequiredTls(features: StreamFeatures): void {
  features.use('starttls', NS_TLS, (context, next, starttls) => {
    const offersLogin = Boolean(context.stanza.getChild('mechanisms', NS_SASL));
    if (!starttls.getChild('required') && offersLogin) return next();
    throw new TlsRequiredError(
      'the server requires STARTTLS and the account has usetls=no: set usetls=yes (and give the ca option for a private CA)',
    );
  });
}
