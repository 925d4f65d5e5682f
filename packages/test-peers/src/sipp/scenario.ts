/** A regexp check that SIPp itself runs on a received message; a mismatch is logged as an error. */
export interface SippCheck {
  /** Search the whole message, one header's value, or the body. */
  in: 'msg' | 'hdr' | 'body';
  /** Header name for `in: 'hdr'` (without the colon). */
  header?: string;
  /** POSIX extended regular expression (SIPp compiles it with regcomp). */
  regexp: string;
}

export interface SippReply {
  status: number;
  reason: string;
  /** Extra header lines, e.g. `WWW-Authenticate: Digest realm="test", nonce="n1"`. */
  headers?: string[];
  body?: string;
}

export interface UasStep {
  /** The request method to wait for. */
  request: string;
  /** Replies sent in order (for example a 100 then a final); none means stay silent. */
  replies?: SippReply[];
  checks?: SippCheck[];
  /** Wait at most this long for the request before the call fails. */
  timeoutMs?: number;
}

export interface UacRequest {
  method: string;
  /** Request-URI; SIPp keywords such as `[remote_ip]` work. Default `sip:[service]@[remote_ip]:[remote_port]`. */
  requestUri?: string;
  /** Extra header lines. From, To, Via, Call-ID, CSeq, Max-Forwards and Content-Length are filled in. */
  headers?: string[];
  from?: string;
  to?: string;
  body?: string;
  /** Final response expected; any other final response fails the call. */
  expect: number;
}

const REPLY_HEAD = [
  '[last_Via:]',
  '[last_From:]',
  '[last_To:];tag=[pid]SIPpTag01[call_number]',
  '[last_Call-ID:]',
  '[last_CSeq:]',
];

/** SIPp scenario XML for a UAS that answers each expected request. */
export function uasScenario(steps: UasStep[], options: { timewaitMs?: number } = {}): string {
  const parts: string[] = [];
  let checkNo = 0;
  for (const step of steps) {
    const timeout = step.timeoutMs ? ` timeout="${step.timeoutMs}"` : '';
    const checks = (step.checks ?? []).map((check) => {
      const name = `check${checkNo++}`;
      const header = check.in === 'hdr' ? ` header="${attr(check.header ?? '')}:"` : '';
      return [
        `      <ereg regexp="${attr(check.regexp)}" search_in="${check.in}"${header} check_it="true" assign_to="${name}"/>`,
        `      <log message="${name} matched [$${name}]"/>`,
        `      <log message="${name} value [$${name}]"/>`,
      ].join('\n');
    });
    const action = checks.length > 0 ? `\n    <action>\n${checks.join('\n')}\n    </action>\n  ` : '';
    parts.push(`  <recv request="${attr(step.request)}"${timeout}>${action}</recv>`);
    for (const reply of step.replies ?? []) parts.push(sendBlock(replyText(reply)));
  }
  return wrap('messagesend-uas', parts, options.timewaitMs ?? 32_000);
}

/** SIPp scenario XML for a UAC that sends requests in turn and expects the given final responses. */
export function uacScenario(requests: UacRequest[], options: { timewaitMs?: number } = {}): string {
  const parts: string[] = [];
  requests.forEach((request, index) => {
    const lines = [
      `${request.method} ${request.requestUri ?? 'sip:[service]@[remote_ip]:[remote_port]'} SIP/2.0`,
      'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]',
      `From: ${request.from ?? '<sip:sipp@[local_ip]:[local_port]>'};tag=[pid]SIPpTag00[call_number]`,
      `To: ${request.to ?? '<sip:[service]@[remote_ip]:[remote_port]>'}`,
      'Call-ID: [call_id]',
      `CSeq: ${index + 1} ${request.method}`,
      'Max-Forwards: 70',
      ...(request.headers ?? []),
      'Content-Length: [len]',
      '',
      request.body ?? '',
    ];
    parts.push(sendBlock(lines.join('\n'), ' retrans="500"'));
    if (request.expect >= 200) {
      parts.push(`  <recv response="100" optional="true"/>`);
    }
    // auth="true" keeps a 401/407 challenge for a following [authentication ...] keyword.
    const auth = request.expect === 401 || request.expect === 407 ? ' auth="true"' : '';
    parts.push(`  <recv response="${request.expect}"${auth}/>`);
  });
  return wrap('messagesend-uac', parts, options.timewaitMs ?? 0);
}

function replyText(reply: SippReply): string {
  return [
    `SIP/2.0 ${reply.status} ${reply.reason}`,
    ...REPLY_HEAD,
    ...(reply.headers ?? []),
    'Content-Length: [len]',
    '',
    reply.body ?? '',
  ].join('\n');
}

function sendBlock(text: string, attributes = ''): string {
  if (text.includes(']]>')) throw new Error('a SIPp message cannot contain "]]>"');
  return `  <send${attributes}>\n    <![CDATA[\n${text}\n]]>\n  </send>`;
}

function wrap(name: string, parts: string[], timewaitMs: number): string {
  const timewait = timewaitMs > 0 ? `\n  <timewait milliseconds="${timewaitMs}"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<scenario name="${name}">\n${parts.join('\n')}${timewait}\n</scenario>\n`;
}

function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface RegisterScenarioOptions {
  /** The address of record, in From and To. */
  aor: string;
  /** The Contact to register. */
  contact: string;
  expires: number;
  /** Answer the registrar's 401 with these (SIPp computes an MD5 digest). */
  credentials?: { username: string; password: string };
  /** Final response expected for the authenticated REGISTER (default 200). */
  expect?: number;
}

/** A SIPp UAC scenario: REGISTER, and with credentials, the 401 challenge answered. */
export function registerScenario(options: RegisterScenarioOptions): string {
  const register = (headers: string[], expect: number): UacRequest => ({
    method: 'REGISTER',
    requestUri: 'sip:[remote_ip]:[remote_port]',
    from: `<${options.aor}>`,
    to: `<${options.aor}>`,
    headers: [`Contact: <${options.contact}>`, `Expires: ${options.expires}`, ...headers],
    expect,
  });
  const { credentials } = options;
  if (!credentials) return uacScenario([register([], options.expect ?? 200)]);
  return uacScenario([
    register([], 401),
    register(
      [`[authentication username=${credentials.username} password=${credentials.password}]`],
      options.expect ?? 200,
    ),
  ]);
}

/** A UAS scenario that accepts `count` MESSAGEs, each answered `status` (default 202 Accepted). */
export function acceptingMessages(count: number, status = 202, reason = 'Accepted'): string {
  return uasScenario(
    Array.from({ length: count }, () => ({ request: 'MESSAGE', replies: [{ status, reason }] })),
    { timewaitMs: 0 },
  );
}
