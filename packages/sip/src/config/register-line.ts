/** One `register =>` line of sip.conf [general], as chan_sip's sip_parse_register_line splits it. */
export interface SipRegisterLine {
  /** `peer?`: the peer whose settings the registration belongs to. */
  peer?: string;
  transport: 'udp' | 'tcp' | 'tls';
  /** The user registered (From/To user). */
  user: string;
  /** `@domain`: the From/To and Request-URI host instead of `host`. */
  domain?: string;
  domainPort?: number;
  secret?: string;
  /** Digest user name (default `user`). */
  authUser?: string;
  host: string;
  /** Default 5060 (5061 for tls). */
  port: number;
  /** Contact user (default `s`). */
  extension: string;
  /** Seconds asked for; unset: [general] defaultexpiry (120). */
  expiry?: number;
}

/**
 * `[peer?][transport://]user[@domain][:secret[:authuser]]@host[:port][/extension][~expiry]`,
 * split as chan_sip's sip_parse_register_line does (config_parser.c): the last `@` ends the
 * user part; `?`, `/`, `:`, `~`, `/`, `:` and `@` split in that order, each field keeping the
 * rest; three fields after the user mean `domainport:secret:authuser`. Returns a reason string
 * for a line chan_sip refuses.
 */
export function parseRegisterLine(value: string): SipRegisterLine | string {
  const format =
    'expected [peer?][transport://]user[@domain][:secret[:authuser]]@host[:port][/extension][~expiry]';
  const at = value.lastIndexOf('@');
  const userpart = at < 0 ? '' : value.slice(0, at).trim();
  const hostpart = at < 0 ? '' : value.slice(at + 1).trim();
  if (userpart === '' || hostpart === '') return format;

  const [before, after] = splitFirst(userpart, '?');
  const peer = after ? before : undefined;
  const slash = (after || before).split('/');
  let transportText: string | undefined;
  let user1: string;
  if (slash.length >= 3) {
    // `tcp://user...`: transport, an empty field, the rest.
    if (slash[1] !== '') return format;
    transportText = slash[0]!.replace(/:$/, '');
    user1 = slash.slice(2).join('/');
  } else if (slash.length === 2) {
    if (slash[1] !== '') return format;
    user1 = slash[0]!;
  } else user1 = slash[0]!;

  const [userDomain = '', secret1, authRest] = splitN(user1, ':', 3);
  const [host1, expiryText] = splitFirst(hostpart, '~');
  const [host2, extension] = splitFirst(host1!, '/');
  const [host = '', portText] = splitFirst(host2!, ':');
  const [user = '', domain] = splitFirst(userDomain, '@');
  let secret = secret1;
  let [authUser, domainPortText] =
    authRest === undefined ? [undefined, undefined] : splitFirst(authRest, ':');
  if (domainPortText !== undefined) {
    // `:domainport:secret:authuser`, parsed as secret:authuser:domainport.
    [domainPortText, secret, authUser] = [secret1, authUser, domainPortText];
  }
  const transport = transportOf(transportText);
  const port = portNumber(portText) ?? (transport === 'tls' ? 5061 : 5060);
  const expiry = expiryText === undefined ? undefined : Number.parseInt(expiryText, 10);
  const line: SipRegisterLine = {
    transport,
    user: unquote(user),
    host: unquote(host),
    port,
    extension: unquote(extension || 's'),
  };
  if (peer) line.peer = unquote(peer);
  if (domain) line.domain = unquote(domain);
  const domainPort = portNumber(domainPortText);
  if (domainPort !== undefined) line.domainPort = domainPort;
  if (secret) line.secret = unquote(secret);
  if (authUser) line.authUser = unquote(authUser);
  if (expiry !== undefined && Number.isInteger(expiry) && expiry > 0) line.expiry = expiry;
  if (line.host === '') return format;
  return line;
}

function splitFirst(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** Up to `n` fields; the last keeps the rest (AST_NONSTANDARD_RAW_ARGS). */
function splitN(text: string, separator: string, n: number): (string | undefined)[] {
  const parts = text.split(separator);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

/** chan_sip compares the first three letters; anything else is udp (with a notice). */
function transportOf(text: string | undefined): SipRegisterLine['transport'] {
  const prefix = text?.slice(0, 3).toLowerCase();
  return prefix === 'tcp' || prefix === 'tls' ? prefix : 'udp';
}

/** port_str2int: a number 1-65535, else the default. */
function portNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number.parseInt(text, 10);
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

function unquote(text: string): string {
  return text.trim().replace(/^"(.*)"$/, '$1');
}
