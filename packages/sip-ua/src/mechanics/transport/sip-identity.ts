import type { PeerCertificate } from 'node:tls';
import { parseSipUri } from '@messagesend/core';

interface AltName {
  type: string;
  value: string;
}

/**
 * RFC 5922 §7.1: the SIP domains a server certificate names. `sip:` URIs without a user part in
 * subjectAltName first; dNSName entries only when there is no such URI; the subject's CN only when
 * the certificate has no subjectAltName at all.
 */
export function sipDomainIdentities(cert: Pick<PeerCertificate, 'subjectaltname' | 'subject'>): string[] {
  const names = parseAltNames(cert.subjectaltname ?? '');
  const sipDomains = names
    .filter((name) => name.type === 'URI')
    .map((name) => parseSipUri(name.value))
    .filter((uri) => uri.ok && uri.value.scheme === 'sip' && uri.value.user === undefined)
    .map((uri) => (uri.ok ? uri.value.host : ''));
  if (sipDomains.length > 0) return sipDomains.map(normalise);
  const dns = names.filter((name) => name.type === 'DNS').map((name) => normalise(name.value));
  if (dns.length > 0 || names.length > 0) return dns;
  const cn = cert.subject?.CN;
  return (Array.isArray(cn) ? cn : cn === undefined ? [] : [cn]).map(normalise);
}

/**
 * A `checkServerIdentity` for TLS connections to the SIP domain `domain` (RFC 5922 §7.2): exact,
 * case-insensitive matches only; wildcards never match.
 */
export function checkSipServerIdentity(
  domain: string,
  cert: Pick<PeerCertificate, 'subjectaltname' | 'subject'>,
): Error | undefined {
  const identities = sipDomainIdentities(cert);
  if (identities.includes(normalise(domain))) return undefined;
  const named = identities.length > 0 ? identities.join(', ') : 'no SIP domain';
  return Object.assign(
    new Error(`the server certificate does not name the SIP domain ${domain} (RFC 5922); it names ${named}`),
    { code: 'ERR_TLS_CERT_ALTNAME_INVALID', host: domain },
  );
}

/** Node prints subjectAltName as `DNS:a, URI:sip:b, IP Address:1.2.3.4`, JSON-quoting values with commas. */
function parseAltNames(text: string): AltName[] {
  const names: AltName[] = [];
  let at = 0;
  while (at < text.length) {
    const colon = text.indexOf(':', at);
    if (colon < 0) break;
    const type = text.slice(at, colon).trim();
    let value: string;
    let end: number;
    if (text[colon + 1] === '"') {
      end = closingQuote(text, colon + 2);
      try {
        value = JSON.parse(text.slice(colon + 1, end + 1)) as string;
      } catch {
        value = text.slice(colon + 2, end);
      }
      end = text.indexOf(',', end + 1);
    } else {
      end = text.indexOf(',', colon + 1);
      value = text.slice(colon + 1, end < 0 ? undefined : end);
    }
    names.push({ type, value: value.trim() });
    if (end < 0) break;
    at = end + 1;
  }
  return names;
}

function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
