import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BaresipControl,
  type BaresipEvent,
  type BaresipResponse,
  connectControl,
} from './baresip-control.js';
import {
  type BaresipMessage,
  type BaresipSipPacket,
  parseReceivedMessages,
  parseSipTrace,
  tracedHeader,
} from './baresip-output.js';
import { type ManagedProcess, startProcess } from './managed-process.js';
import { makePeerDir, removePeerDir } from './peer-dir.js';
import { freePort } from './ports.js';
import { tcpListening, waitUntil } from './readiness.js';
import { requireCommand } from './require-command.js';

export interface BaresipOptions {
  /** The account's user (default `carol`): baresip takes a MESSAGE only for an account's user. */
  user?: string;
  /**
   * The account's domain, `host:port` (default: baresip's own address). With `register` it is the
   * registrar; it is also the From domain of baresip's MESSAGEs.
   */
  domain?: string;
  /** `;transport=` of the account URI (default udp). */
  transport?: 'udp' | 'tcp';
  /** auth_pass: answers digest challenges to its REGISTER and to its MESSAGEs. */
  password?: string;
  /** Digest user name (auth_user; default the account user). */
  authUser?: string;
  /**
   * Outbound proxy (`;outbound=`): every request goes there as a Route, over its transport. The
   * way to make baresip send its MESSAGEs over TCP: a `;transport=tcp` contact alone does not.
   */
  outbound?: string;
  /** REGISTER to `domain` every `regint` seconds (default: no registration). */
  register?: { regint?: number };
  /**
   * Where `sendMessage` can send: baresip's contacts file, read once at start (baresip 1.0.0
   * sends a MESSAGE only to its "current contact").
   */
  contacts?: string[];
  host?: string;
}

/**
 * Options for a baresip that sends MESSAGEs to `sip:bob@<at>` over `transport`, with its account
 * at `at`. Over TCP it needs an outbound proxy: a `;transport=tcp` contact alone goes out over UDP
 * (baresip 1.0.0), so the proxy is `at` itself and its MESSAGEs carry a Route to it.
 */
export function baresipSendingTo(
  at: { host: string; port: number },
  transport: 'udp' | 'tcp',
  password: string,
): { to: string; options: BaresipOptions } {
  const to = `sip:bob@${at.host}:${at.port}`;
  const outbound = transport === 'tcp' ? `sip:${at.host}:${at.port};transport=tcp` : undefined;
  return {
    to,
    options: {
      domain: `${at.host}:${at.port}`,
      transport,
      password,
      contacts: [to],
      ...(outbound ? { outbound } : {}),
    },
  };
}

export interface BaresipPeer {
  readonly host: string;
  /** SIP port, UDP and TCP (baresip also listens for TLS on port + 1). */
  readonly port: number;
  /** baresip's version as it printed it (`1.0.0`), for interop reports. */
  readonly version: string;
  readonly user: string;
  /** `sip:<user>@host:port` (with `;transport=tcp` for tcp): the phone's own address. */
  uri(transport?: 'udp' | 'tcp'): string;
  /**
   * MESSAGEs baresip accepted so far, in order, as it printed them. It prints none whose line
   * (`\r<From URI>: "<body>"\n`) is over 511 bytes, though it answers 200: read `sipTrace()` then.
   */
  received(): BaresipMessage[];
  /** Waits until `count` MESSAGEs were received (fails after `timeoutMs`, default 5 s, with the output). */
  waitForMessages(count: number, timeoutMs?: number): Promise<BaresipMessage[]>;
  /** Sends `body` as a MESSAGE to `to`, one of `options.contacts`; resolves once baresip has sent it. */
  sendMessage(to: string, body: string): Promise<void>;
  /** Every SIP packet baresip sent or received so far (its `-s` trace). */
  sipTrace(): BaresipSipPacket[];
  /** Waits for a traced packet that `accept` takes (default 5 s). */
  waitForPacket(accept: (packet: BaresipSipPacket) => boolean, timeoutMs?: number): Promise<BaresipSipPacket>;
  /** Waits until a REGISTER got a 200 (default 10 s); resolves with that response. */
  waitForRegistered(timeoutMs?: number): Promise<BaresipSipPacket>;
  /** ctrl_tcp events since it connected (REGISTER_OK, REGISTER_FAIL, ...). */
  events(): BaresipEvent[];
  /** Waits for a ctrl_tcp event of `type` (default 10 s). */
  waitForEvent(type: string, timeoutMs?: number): Promise<BaresipEvent>;
  /** Any menu command through ctrl_tcp. */
  command(name: string, params?: string): Promise<BaresipResponse>;
  /** baresip's stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts baresip (a real SIP phone) on loopback with its own config folder (`-f DIR`, which puts
 * `messagesend-peer-` on its command line), driven through its ctrl_tcp module and read from its
 * stdout (received MESSAGEs and the SIP trace).
 */
export async function startBaresip(options: BaresipOptions = {}): Promise<BaresipPeer> {
  const baresip = requireCommand('baresip');
  const host = options.host ?? '127.0.0.1';
  const user = options.user ?? 'carol';
  const contacts = options.contacts ?? [];
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = makePeerDir('baresip');
    const port = await freePort(host);
    const controlPort = await freePort(host);
    try {
      writeConfig(dir, { ...options, host, user, contacts, port, controlPort });
    } catch (error) {
      removePeerDir(dir);
      throw error;
    }
    // stdin must be pollable for the stdio module: a FIFO opened read-write never reaches EOF,
    // and exec keeps `-f DIR` on the command line of the process the group leader becomes.
    const process = startProcess(
      `baresip ${host}:${port}`,
      '/bin/sh',
      ['-c', 'exec "$0" -f "$1" -s 0<>"$1/stdin"', baresip, dir],
      { cwd: dir },
    );
    try {
      await waitUntil('ready', process, async () => process.output().includes('baresip is ready.'));
      await waitUntil('ctrl_tcp listening', process, tcpListening(host, controlPort));
      const control = await connectControl(host, controlPort);
      return peerFor({ process, control, dir, host, port, user, contacts });
    } catch (error) {
      lastError = error;
      await process.stop();
      removePeerDir(dir);
      // Another process may have taken one of the ports (SIP, TLS = SIP + 1, control) meanwhile.
      if (!/Address already in use|EADDRINUSE/i.test(String(error))) break;
    }
  }
  throw lastError;
}

interface ConfigValues extends BaresipOptions {
  host: string;
  user: string;
  contacts: string[];
  port: number;
  controlPort: number;
}

function writeConfig(dir: string, values: ConfigValues): void {
  execFileSync('mkfifo', [join(dir, 'stdin')]);
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen ${values.host}:${values.port}`,
      `net_interface ${values.host}`,
      'audio_player aufile,/dev/null',
      'audio_alert aufile,/dev/null',
      'audio_source ausine,440',
      'module_path /usr/lib/baresip/modules',
      'module stdio.so',
      'module g711.so',
      'module ausine.so',
      'module aufile.so',
      'module_tmp account.so',
      'module_app contact.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen ${values.host}:${values.controlPort}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), `${accountLine(values)}\n`);
  writeFileSync(join(dir, 'contacts'), values.contacts.map((uri) => `<${uri}>\n`).join(''));
}

/** The accounts file line: `<sip:user@domain;transport=tcp>;auth_pass=...;regint=...`. */
function accountLine(values: ConfigValues): string {
  const domain = values.domain ?? `${values.host}:${values.port}`;
  const transport = values.transport === 'tcp' ? ';transport=tcp' : '';
  const params = [
    ...(values.password !== undefined ? [`auth_pass=${values.password}`] : []),
    ...(values.authUser !== undefined ? [`auth_user=${values.authUser}`] : []),
    `regint=${values.register ? (values.register.regint ?? 120) : 0}`,
    ...(values.outbound !== undefined ? [`outbound="${values.outbound}"`] : []),
  ];
  if (values.outbound !== undefined && /[\s<>"]/.test(values.outbound))
    throw new Error(`baresip account: unsupported character in ${JSON.stringify(values.outbound)}`);
  for (const value of [values.user, domain, values.password ?? '', values.authUser ?? ''])
    if (/[\s;<>"]/.test(value))
      throw new Error(`baresip account: unsupported character in ${JSON.stringify(value)}`);
  return `<sip:${values.user}@${domain}${transport}>;${params.join(';')}`;
}

function peerFor(started: {
  process: ManagedProcess;
  control: BaresipControl;
  dir: string;
  host: string;
  port: number;
  user: string;
  contacts: string[];
}): BaresipPeer {
  const { process, control, dir, host, port, user, contacts } = started;
  const version = /baresip v(\S+)/.exec(process.output())?.[1] ?? 'unknown';
  // baresip starts on the first contact; contact_next / contact_prev move by one.
  let current = 0;
  const until = async <T>(what: string, find: () => T | undefined, timeoutMs: number): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline || process.hasExited)
        throw new Error(
          `baresip: ${what} not seen within ${timeoutMs} ms:\n${process.output().slice(-4000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return {
    host,
    port,
    version,
    user,
    uri: (transport = 'udp') => `sip:${user}@${host}:${port}${transport === 'tcp' ? ';transport=tcp' : ''}`,
    received: () => parseReceivedMessages(process.output()),
    waitForMessages(count, timeoutMs = 5_000) {
      return until(
        `${count} received MESSAGE(s)`,
        () => {
          const messages = parseReceivedMessages(process.output());
          return messages.length >= count ? messages : undefined;
        },
        timeoutMs,
      );
    },
    async sendMessage(to, body) {
      const index = contacts.indexOf(to);
      if (index < 0) throw new Error(`baresip: ${to} is not one of its contacts (${contacts.join(', ')})`);
      // ctrl_tcp prints "message <body>" into a 1024-byte buffer: a longer body would be cut short.
      if (Buffer.byteLength(`message ${body}`) > 1023)
        throw new Error(
          `baresip: a body over ${1023 - 'message '.length} bytes does not fit ctrl_tcp's command buffer`,
        );
      for (; current < index; current++) await control.command('contact_next');
      for (; current > index; current--) await control.command('contact_prev');
      const response = await control.command('message', body);
      if (!response.ok) throw new Error(`baresip: message to ${to} failed: ${response.data}`);
    },
    sipTrace: () => parseSipTrace(process.output()),
    waitForPacket(accept, timeoutMs = 5_000) {
      return until('the SIP packet', () => parseSipTrace(process.output()).find(accept), timeoutMs);
    },
    waitForRegistered(timeoutMs = 10_000) {
      // baresip often registers before ctrl_tcp is connected, so the trace is the witness, not an event.
      return until(
        'a 200 to REGISTER',
        () =>
          parseSipTrace(process.output()).find(
            (p) => p.firstLine.startsWith('SIP/2.0 200') && /REGISTER$/.test(tracedHeader(p, 'CSeq') ?? ''),
          ),
        timeoutMs,
      );
    },
    events: () => control.events(),
    waitForEvent(type, timeoutMs = 10_000) {
      return until(`event ${type}`, () => control.events().find((event) => event.type === type), timeoutMs);
    },
    command: (name, params) => control.command(name, params),
    output: () => process.output(),
    async stop() {
      control.close();
      await process.stop(1_000);
      removePeerDir(dir);
    },
  };
}
