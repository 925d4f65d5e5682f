import { randomBytes } from 'node:crypto';
import { formatSipUri, parseSipUri } from '@messagesend/core';
import {
  findHeaders,
  type OutgoingRequest,
  parseContactList,
  type SendHandle,
  type SendOutcome,
} from '@messagesend/sip-ua';

/** res_pjsip_redirect.h AST_SIP_MAX_REDIRECT_HOPS and AST_SIP_MAX_REDIRECT_CONTACTS. */
export const MAX_REDIRECT_HOPS = 5;
export const MAX_REDIRECT_CONTACTS = 20;

/**
 * Follows 3xx answers to a MESSAGE as res_pjsip's redirect.c and res_pjsip_messaging's
 * msg_response_callback do: the Contacts (sip/sips only, at most 20) ordered by q (highest first,
 * no or a bad q counts as 1.0, equal q in received order) queued after any still pending, URIs
 * already tried skipped, at most 5
 * hops; a 4xx-6xx or a timeout from a redirect target moves on to the next pending Contact.
 * `send` sends one request; `trail` collects where the message went, for the delivery report.
 */
export function followRedirects(
  send: (request: OutgoingRequest) => SendHandle,
  request: OutgoingRequest,
  trail: RedirectTrail,
): SendHandle {
  const first = send(request);
  const visited = new Set([request.uri]);
  const pending: string[] = [];
  let hops = 0;
  const retarget = (uri: string): SendHandle => {
    visited.add(uri);
    trail.tried.push(uri);
    return send(redirected(request, uri));
  };
  const settle = async (outcome: SendOutcome): Promise<SendOutcome> => {
    for (;;) {
      const status = outcome.kind === 'response' ? outcome.response.status : undefined;
      if (outcome.kind === 'response' && status !== undefined && status >= 300 && status < 400) {
        if (hops >= MAX_REDIRECT_HOPS) {
          trail.stopped = `redirect hop limit (${MAX_REDIRECT_HOPS}) reached`;
          return outcome;
        }
        const { uris: contacts, malformed } = redirectContacts(
          findHeaders(outcome.response.headers, 'contact'),
        );
        trail.malformedContacts = (trail.malformedContacts ?? 0) + malformed;
        const fresh = contacts.filter((uri) => !visited.has(uri));
        if (fresh.length === 0) {
          trail.stopped =
            contacts.length === 0
              ? `${status} without a usable sip/sips Contact`
              : 'every Contact of the redirect was already tried (a loop)';
          return outcome;
        }
        hops++;
        pending.push(...fresh);
      } else if (!(pending.length > 0 && (outcome.kind === 'timeout' || (status ?? 0) >= 400))) {
        return outcome;
      }
      outcome = await retarget(pending.shift()!).outcome;
    }
  };
  return { dispatched: first.dispatched, outcome: first.outcome.then(settle) };
}

export interface RedirectTrail {
  /** Request-URIs tried after redirects, in order; the last one answered. */
  tried: string[];
  /** Why a redirect was not followed, when it was not. */
  stopped?: string;
  /** Contact entries of the 3xx answers left out as malformed (the good ones are still followed). */
  malformedContacts?: number;
}

export interface RedirectContacts {
  /** The URIs to try, highest q first. */
  uris: string[];
  /** How many entries were malformed (counted, not shown: one may carry a password). */
  malformed: number;
}

/**
 * The sip/sips URIs of a 3xx's Contact headers, at most 20, highest q first (stable); a malformed
 * entry is skipped and counted, the others in its header still count.
 */
export function redirectContacts(values: readonly string[]): RedirectContacts {
  const found: { uri: string; q: number }[] = [];
  let malformed = 0;
  for (const value of values) {
    const list = parseContactList(value);
    if (list === '*') continue;
    malformed += list.rejected.filter((entry) => entry.kind === 'malformed').length;
    for (const entry of list.entries) {
      if (found.length >= MAX_REDIRECT_CONTACTS) break;
      if (!/^sips?:/i.test(entry.uri)) continue;
      // Printed in Request-URI context, as pjsip does (PJSIP_URI_IN_REQ_URI): no `?headers`, and
      // no password (a remote's `sip:u:pw@h` must not be sent on or shown in the report).
      const parsed = parseSipUri(entry.uri);
      if (!parsed.ok) continue;
      found.push({
        uri: formatSipUri(parsed.value, { password: false, headers: false }),
        q: validQ(entry.q),
      });
    }
  }
  return { uris: found.sort((a, b) => b.q - a.q).map((contact) => contact.uri), malformed };
}

/** ast_sip_parse_qvalue: 0 to 1; anything else counts as 1.0 (extract_q_value). */
function validQ(q: number | undefined): number {
  return q !== undefined && Number.isFinite(q) && q >= 0 && q <= 1 ? q : 1;
}

/** A new MESSAGE to `uri`: a new Call-ID and CSeq as ast_sip_create_request gives, the rest kept. */
function redirected(request: OutgoingRequest, uri: string): OutgoingRequest {
  const { parsedUri: _parsed, ...rest } = request;
  const callId = randomBytes(18).toString('base64url');
  return {
    ...rest,
    uri,
    headers: request.headers.map((header) => {
      const name = header.name.toLowerCase();
      if (name === 'call-id' || name === 'i') return { ...header, value: callId };
      if (name === 'cseq') return { ...header, value: `1 ${request.method}` };
      return header;
    }),
  };
}
