import { createHash } from 'node:crypto';
import { formatSipUri, type Outcome, parseNameAddr, type SipUri } from '@messagesend/core';
import type { RegistrationStore } from '@messagesend/sip-ua';
import { memoByDestination } from '@messagesend/sip-ua/tech-kit';
import type { PjsipAor, PjsipConfig, PjsipEndpoint } from './config/types.js';
import type { PjsipTarget } from './destination.js';
import { PjsipReason } from './errors.js';

export const DEFAULT_OUTBOUND_ENDPOINT = 'default_outbound_endpoint';

/** How many registered Contact texts the resolver keeps parsed (the oldest goes first). */
const REGISTERED_CONTACT_MEMO_LIMIT = 4096;

export interface ResolvedTarget {
  endpointName: string;
  endpoint: PjsipEndpoint;
  /** The Request-URI; the To header is built from the same URI. */
  uri: SipUri;
  /** Display name for the To header (only from `"name" <uri>` destinations). */
  displayName?: string | undefined;
  /** Where the URI came from, for `verify` explanations. */
  via: string;
}

export type Resolution = Outcome<{ value: ResolvedTarget }>;

/** The endpoint and Request-URI a classified destination leads to, now (registrations included). */
export function resolveTarget(
  target: PjsipTarget,
  config: PjsipConfig,
  store: RegistrationStore,
  now = Date.now(),
): Resolution {
  const endpoints = config.endpoints ?? {};
  const endpointName = target.endpoint ?? config.global?.defaultOutboundEndpoint ?? DEFAULT_OUTBOUND_ENDPOINT;
  const endpoint = Object.hasOwn(endpoints, endpointName) ? endpoints[endpointName] : undefined;
  if (!endpoint) {
    return target.endpoint === null
      ? {
          ok: false,
          reason: PjsipReason.NoDefaultEndpoint,
          detail: `no default outbound endpoint: endpoint "${endpointName}" is not configured (set default_outbound_endpoint in [global])`,
        }
      : {
          ok: false,
          reason: PjsipReason.UnknownEndpoint,
          detail: `didn't find endpoint with name '${endpointName}'`,
        };
  }
  const base = { endpointName, endpoint };
  switch (target.form) {
    case 'endpoint/uri':
    case 'uri':
    case 'user@host':
    case 'host': {
      return once(
        target,
        base,
        () =>
          new Resolved(base, target.address.uri, `the URI in the destination`, target.address.displayName),
      );
    }
    case 'endpoint/aor': {
      const contact = firstContact([target.aor], config, store, now);
      if (!contact)
        return { ok: false, reason: PjsipReason.NoContact, detail: `AOR '${target.aor}' has no contact` };
      return toContact(contact, base);
    }
    case 'endpoint':
    case 'endpoint@domain':
    case 'dialstring': {
      const contact = firstContact(endpoint.aors ?? [], config, store, now);
      if (!contact) {
        return {
          ok: false,
          reason: PjsipReason.NoContact,
          detail: `found endpoint '${endpointName}' but didn't find an aor/contact for it`,
        };
      }
      if (target.form !== 'dialstring') return toContact(contact, base);
      // The dial-string user replaces (or is inserted as) the contact's user; the rest is kept.
      // An empty one (`PJSIP/@endpoint`) leaves the contact without a user, as Asterisk does.
      const { user: _replaced, password: _dropped, ...rest } = contact.uri;
      return {
        ok: true,
        value: new Resolved(
          base,
          target.user === '' ? rest : { ...contact.uri, user: target.user },
          `contact ${contact.text} of AOR ${contact.aor}, user ${target.user === '' ? 'removed' : 'replaced'}`,
        ),
      };
    }
  }
}

interface Contact {
  aor: string;
  text: string;
  uri: SipUri;
  /** A static contact of pjsip.conf: the same object on every send (registered ones are made each time). */
  permanent?: true;
}

type Base = Pick<ResolvedTarget, 'endpointName' | 'endpoint'>;

/**
 * A resolution as a class, not an object spread (`{ ...base, uri, via }`): on Node 20 a spread of
 * a just-made object in optimized code gives the copy a hidden class of its own, so each tech
 * instance's targets (and each destination's, for registered contacts) had their own, and the
 * functions reading them (buildOutgoing, defaultFrom, protocolFor, credentialsOf) were
 * deoptimized for a "wrong map" and recompiled polymorphic, then megamorphic, in a process that
 * made several instances (a reload, a test run, the benchmark's cells). test/resolve-shape.test.ts.
 */
class Resolved implements ResolvedTarget {
  readonly endpointName: string;
  readonly endpoint: PjsipEndpoint;

  constructor(
    base: Base,
    readonly uri: SipUri,
    readonly via: string,
    /** Always a field, undefined without one: one map for every target. */
    readonly displayName?: string | undefined,
  ) {
    this.endpointName = base.endpointName;
    this.endpoint = base.endpoint;
  }
}

/**
 * The resolution of a destination that does not depend on registrations (a URI in it, a static
 * contact) is the same on every send: made once per key (the classified target or the contact
 * object) and reused while its endpoint is the same one. A ResolvedTarget is never changed.
 */
const resolvedOnce = new WeakMap<object, Resolution & { ok: true }>();

function once(key: object, base: Base, make: () => ResolvedTarget): Resolution {
  const known = resolvedOnce.get(key);
  if (known && known.value.endpoint === base.endpoint && known.value.endpointName === base.endpointName)
    return known;
  const made = { ok: true as const, value: make() };
  resolvedOnce.set(key, made);
  return made;
}

function toContact(contact: Contact, base: Base): Resolution {
  // Looked up before anything is made: this is every send to an endpoint with a static contact.
  const known = contact.permanent ? resolvedOnce.get(contact) : undefined;
  if (known && known.value.endpoint === base.endpoint && known.value.endpointName === base.endpointName)
    return known;
  const made = {
    ok: true as const,
    value: new Resolved(base, contact.uri, `contact ${contact.text} of AOR ${contact.aor}`),
  };
  if (contact.permanent) resolvedOnce.set(contact, made);
  return made;
}

/**
 * R2.4: the endpoint's AORs in order, unknown ones skipped; within an AOR, registered contacts
 * before static ones, each in Asterisk's order (sorcery ids: by the MD5 of the URI, registered
 * ones `<aor>;@…` sorting before static `<aor>@@…`); the first found wins. Reachability is
 * not considered.
 */
export function firstContact(
  aorNames: readonly string[],
  config: PjsipConfig,
  store: RegistrationStore,
  now = Date.now(),
): Contact | undefined {
  for (const name of aorNames) {
    const aor = config.aors?.[name];
    if (!aor || !Object.hasOwn(config.aors!, name)) continue;
    const bindings = store.bindings(name, now);
    // registrar: ids `<aor>;@<md5 of the Contact URI as pjproject prints it>`, kept sorted: the
    // lowest id wins (the earliest binding among equal ones, as a stable sort leaves it).
    let first: RegisteredContact | undefined;
    let firstText = '';
    for (let i = 0; i < bindings.length; i++) {
      const registered = registeredContact(bindings[i]!.contact);
      if (registered !== null && (first === undefined || registered.id < first.id)) {
        first = registered;
        firstText = bindings[i]!.contact;
      }
    }
    if (first) return { aor: name, text: firstText, uri: first.uri };
    const firstStatic = staticContacts(aor, name)[0];
    if (firstStatic) return firstStatic;
  }
  return undefined;
}

/** A registered Contact parsed, with its sorcery id's hash; null when it does not parse. */
interface RegisteredContact {
  id: string;
  uri: SipUri;
}

/**
 * Registered Contacts parsed and hashed once per text, not on every send to their endpoint (a
 * parse and an MD5 per binding per send). The text alone decides both, so an entry never goes
 * stale; a re-registration with another Contact is another text. The URI is shared between
 * sends, as a static contact's is: read, never changed.
 */
const registeredContact = memoByDestination(
  REGISTERED_CONTACT_MEMO_LIMIT,
  (text): RegisteredContact | null => {
    const parsed = parseNameAddr(text);
    return parsed.ok ? { id: md5(contactText(parsed.value.uri)), uri: parsed.value.uri } : null;
  },
);

const parsedStatic = new WeakMap<PjsipAor, { name: string; contacts: Contact[] }>();

/**
 * An AOR's static contacts in Asterisk's order, parsed once (config objects are not changed after
 * load). location.c `permanent_uri_handler` names each `<aor>@@<md5 of the URI>` and sorcery keeps
 * them sorted by that id, so the order is that of the hashes; a repeated URI is one contact.
 */
function staticContacts(aor: PjsipAor, name: string): Contact[] {
  let parsed = parsedStatic.get(aor);
  if (parsed?.name !== name) {
    const byId = new Map((aor.contacts ?? []).map((text) => [md5(text.trim()), text.trim()]));
    const inOrder = [...byId.keys()].sort().map((id) => byId.get(id)!);
    const contacts = inOrder.flatMap((text): Contact[] => {
      const uri = parseNameAddr(text);
      return uri.ok ? [{ aor: name, text, uri: uri.value.uri, permanent: true }] : [];
    });
    parsed = { name, contacts };
    parsedStatic.set(aor, parsed);
  }
  return parsed.contacts;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** pjproject's print order of the parameters it knows (sip_uri.c); `method` is not printed in a Contact. */
const PJSIP_PARAM_ORDER = ['user', 'transport', 'ttl', 'maddr', 'lr'];

/**
 * A registered Contact URI as res_pjsip_registrar hashes it: `pjsip_uri_print(IN_CONTACT_HDR)`,
 * which prints the known parameters in its own order before the others, and no `method`.
 */
function contactText(uri: SipUri): string {
  const rank = (name: string) => {
    const at = PJSIP_PARAM_ORDER.indexOf(name.toLowerCase());
    return at < 0 ? PJSIP_PARAM_ORDER.length : at;
  };
  const params = uri.params
    .filter((p) => p.name.toLowerCase() !== 'method')
    .map((p, index) => ({ p, index }))
    .sort((a, b) => rank(a.p.name) - rank(b.p.name) || a.index - b.index)
    .map(({ p }) => p);
  return formatSipUri({ ...uri, params });
}
