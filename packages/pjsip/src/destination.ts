import {
  type NameAddr,
  type ParseResult,
  parsed,
  parseFailure,
  parseNameAddr,
  parseSipUri,
} from '@messagesend/core';
import type { PjsipConfig } from './config/types.js';

/** Which documented destination form matched (R2.2-R2.3). */
export type DestinationForm =
  | 'endpoint' // `alice`
  | 'endpoint@domain' // `alice@example.com`, the domain is discarded
  | 'endpoint/aor' // `alice/phone2`
  | 'endpoint/uri' // `alice/sip:bob@h`, `alice/"Bob" <sip:bob@h>`, `alice/bob@h`, `alice/h`
  | 'uri' // `sip:bob@h`, `<sip:bob@h>`, `"Bob" <sip:bob@h>` with the default endpoint
  | 'user@host' // `bob@h`, default endpoint
  | 'host' // `h`, `h:5070`, default endpoint
  | 'dialstring'; // `PJSIP/8005551212@provider`

/** What a destination names. Which endpoint exists is checked again when sending (FAILURE, not INVALID_URI). */
export type PjsipTarget = { /** The destination after `pjsip:`, as given. */ text: string } & (
  | { form: 'endpoint' | 'endpoint@domain'; endpoint: string }
  | { form: 'endpoint/aor'; endpoint: string; aor: string }
  | { form: 'endpoint/uri' | 'uri' | 'user@host' | 'host'; endpoint: string | null; address: NameAddr }
  | { form: 'dialstring'; endpoint: string; user: string }
);

/**
 * Classifies the part after `pjsip:` exactly as res_pjsip_messaging does: one scan for the first
 * `/`, the first `@` and a case-sensitive `sip:`/`sips:` anywhere; then one branch. A URI that
 * cannot be parsed is INVALID_URI (project decision 2; Asterisk reports FAILURE there).
 * `endpoint: null` means the default outbound endpoint.
 */
export function classifyDestination(destination: string, config: PjsipConfig): ParseResult<PjsipTarget> {
  const result = classify(destination, config);
  if (!result.ok) return result;
  // Added to the fresh object, not spread into a new one: on Node 20 a spread of a just-made object
  // in optimized code gives the copy a map of its own, so each destination's target had its own
  // and every function reading targets went megamorphic (test/resolve-shape.test.ts).
  const target = result.value as PjsipTarget;
  target.text = destination.slice(destination.indexOf(':') + 1);
  return parsed(target);
}

type Untexted = PjsipTarget extends infer T ? (T extends unknown ? Omit<T, 'text'> : never) : never;

function classify(destination: string, config: PjsipConfig): ParseResult<Untexted> {
  if (typeof destination !== 'string') return parseFailure('a destination must be a string', 0);
  const colon = destination.indexOf(':');
  if (colon < 0) return parseFailure('expected "pjsip:" followed by a destination', destination.length);
  const base = colon + 1;
  const d = destination.slice(base);
  if (d === '') return parseFailure('empty destination after "pjsip:"', base);
  const slash = d.indexOf('/');
  const at = d.indexOf('@');
  const scheme = d.includes('sip:') || d.includes('sips:');
  const endpoints = config.endpoints ?? {};
  const aors = config.aors ?? {};
  const has = (record: Record<string, unknown>, name: string): boolean => Object.hasOwn(record, name);

  if (d.startsWith('PJSIP/')) {
    const rest = d.slice(6);
    const restAt = rest.indexOf('@');
    if (restAt < 0 || rest.slice(0, restAt).includes('/') || rest.slice(restAt + 1).includes('/')) {
      return parseFailure(
        "destinations beginning with 'PJSIP/' must be in the form of 'PJSIP/user@endpoint'",
        base,
      );
    }
    const user = rest.slice(0, restAt);
    const endpoint = rest.slice(restAt + 1);
    if (endpoint === '')
      return parseFailure('missing endpoint after "@" in PJSIP/user@endpoint', base + 6 + restAt + 1);
    if (scheme) {
      // 2.3.2: with a scheme anywhere, the URI is only the text between "/" and "@".
      const address = uriAt(user, base + 6);
      return address.ok ? parsed({ form: 'endpoint/uri', endpoint, address: address.value }) : address;
    }
    // res_pjsip_messaging accepts an empty user: insert_user_in_contact_uri then blanks the contact's.
    return parsed({ form: 'dialstring', endpoint, user });
  }

  if (slash >= 0) {
    const endpoint = d.slice(0, slash);
    const rest = d.slice(slash + 1);
    if (endpoint === '') return parseFailure('missing endpoint before "/"', base);
    if (rest === '') return parseFailure('missing AOR or URI after "/"', base + slash + 1);
    if (scheme) {
      const address = uriAt(rest, base + slash + 1);
      return address.ok ? parsed({ form: 'endpoint/uri', endpoint, address: address.value }) : address;
    }
    if (has(aors, rest)) return parsed({ form: 'endpoint/aor', endpoint, aor: rest });
    const address = uriAt(`sip:${rest}`, base + slash + 1 - 4);
    return address.ok ? parsed({ form: 'endpoint/uri', endpoint, address: address.value }) : address;
  }

  if (scheme) {
    const address = uriAt(d, base);
    return address.ok ? parsed({ form: 'uri', endpoint: null, address: address.value }) : address;
  }

  if (at >= 0) {
    let left = d.slice(0, at);
    if (config.global?.ignoreUriUserOptions) left = left.split(';')[0]!;
    if (has(endpoints, left)) return parsed({ form: 'endpoint@domain', endpoint: left });
    const address = uriAt(`sip:${d}`, base - 4);
    return address.ok ? parsed({ form: 'user@host', endpoint: null, address: address.value }) : address;
  }

  if (has(endpoints, d)) return parsed({ form: 'endpoint', endpoint: d });
  const address = uriAt(`sip:${d}`, base - 4);
  return address.ok ? parsed({ form: 'host', endpoint: null, address: address.value }) : address;
}

/** Parses a URI or name-addr; offsets are reported relative to the full destination. */
function uriAt(text: string, offset: number): ParseResult<NameAddr> {
  const result = /^\s*["<]|^[^:]*\s</.test(text) ? parseNameAddr(text) : wrap(text);
  if (result.ok) return result;
  const at = Math.max(0, offset + result.error.offset);
  return parseFailure(`not a valid SIP/SIPS URI: ${result.error.message}`, at);
}

function wrap(text: string): ParseResult<NameAddr> {
  const uri = parseSipUri(text);
  return uri.ok ? parsed({ uri: uri.value, uriText: text, bracketed: false, params: [] }) : uri;
}
