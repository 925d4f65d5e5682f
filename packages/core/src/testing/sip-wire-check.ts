import { parseNameAddr } from '../uri/name-addr.js';
import { parseSipUri } from '../uri/sip-uri.js';

/**
 * What in a SIP request preview RFC 3261's grammar rejects: the Request-URI (parseSipUri), and
 * the From and To headers (name-addr with parameters, each with at most one tag). Empty when
 * the request is well formed; used by the destination fuzz tests of the SIP technologies.
 */
export function sipWireProblems(preview: string): string[] {
  const lines = preview.split('\r\n');
  const problems: string[] = [];
  const requestLine = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(lines[0] ?? '');
  if (!requestLine) problems.push(`bad request line ${JSON.stringify(lines[0])}`);
  else {
    const uri = parseSipUri(requestLine[2]!);
    if (!uri.ok) problems.push(`Request-URI ${requestLine[2]}: ${uri.error.message}`);
  }
  for (const name of ['From', 'To']) {
    const values = lines
      .filter((line) => line.startsWith(`${name}: `))
      .map((line) => line.slice(name.length + 2));
    if (values.length !== 1) {
      problems.push(`${values.length} ${name} headers`);
      continue;
    }
    const parsed = parseNameAddr(values[0]!);
    if (!parsed.ok) problems.push(`${name} ${values[0]}: ${parsed.error.message}`);
    else if (parsed.value.params.filter((p) => p.name.toLowerCase() === 'tag').length > 1)
      problems.push(`${name} ${values[0]}: more than one tag`);
  }
  return problems;
}

/** Pieces the destination fuzzers combine: each one a way a destination has gone wrong before. */
const USER_PIECES = [
  'alice',
  'bob',
  '100',
  '+15551234',
  '%ae',
  '%41',
  '%',
  '%zz',
  '%C3%A9',
  'a b',
  '"q"',
  '#',
  '[x]',
  '<',
  '>',
  ':pw',
  'é',
  '^',
  '|',
  '{}',
  '`',
  '\\',
  ';p=1',
  '?h=1',
  '&',
  '=',
  '+',
  '$',
  ',',
  '/',
  "!~*'()",
  '\t',
  '-_.',
];
const HOST_PIECES = [
  'example.com',
  '127.0.0.1',
  '[::1]',
  '[2001:db8::1]',
  '[a::4fc2:d:1e8:57f:19.02.184.7]',
  '[::ffff:1.2.3.4]',
  'peer1',
  'h',
  'ex_ample.com',
  '-bad',
  '1234',
  'a..b',
  'xn--bcher-kva.example',
  'UPPER.Example.COM',
];
const TAIL_PIECES = [
  '',
  ':5062',
  ':65536',
  ':0',
  ';transport=tcp',
  ';lr',
  ';x=%ae',
  '?Subject=hi',
  ';a=b?c=d',
  ':5060;user=phone',
  ' ',
  '>',
];

/**
 * Deterministic destinations (a fixed-seed xorshift, so a failure reproduces) built from user,
 * host and tail pieces around the SIP URI grammar's edges; `wrap` gives the technology's forms.
 */
export function fuzzSipDestinations(
  count: number,
  wrap: (
    uri: { scheme: string; user: string; host: string; tail: string },
    pick: <T>(items: readonly T[]) => T,
  ) => string,
  seed = 0x2545f491,
): string[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return Array.from({ length: count }, () => {
    const parts = Math.floor(next() * 4);
    let user = '';
    for (let i = 0; i < parts; i++) user += pick(USER_PIECES);
    return wrap(
      { scheme: pick(['sip:', 'SIP:', 'sips:']), user, host: pick(HOST_PIECES), tail: pick(TAIL_PIECES) },
      pick,
    );
  });
}

/**
 * Message data whose names are the compact forms (RFC 3261 §7.3.3) of headers the SIP stack sets
 * itself: From, To, Via, Call-ID, Contact, Content-Length. A technology must refuse each one.
 */
export const COMPACT_STACK_HEADER_DATA: Readonly<Record<string, string>> = {
  f: '<sip:evil@x>;tag=1',
  t: '<sip:evil@x>',
  v: 'SIP/2.0/UDP evil:5060;branch=z9hG4bKx',
  i: 'x',
  m: '<sip:evil@x>',
  l: '0',
};

/** The header names of a request preview's head, lower-cased, in order. */
export function previewHeaderNames(preview: string): string[] {
  return preview
    .split('\r\n\r\n')[0]!
    .split('\r\n')
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
}
