import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ManagedProcess, startProcess } from './managed-process.js';
import { MissingPeerError, requireCommand } from './require-command.js';

export interface SlixmppOptions {
  /** `xmpp://host:port` of a plain (no STARTTLS) server. */
  service: string;
  jid: string;
  password: string;
  /** Answer XEP-0184 receipt requests (default false). */
  receipts?: boolean;
  /** Bound on logging in (default 20 s). */
  onlineTimeoutMs?: number;
}

export interface SlixmppMessage {
  from: string;
  id: string;
  type: string;
  body: string;
}

export interface SlixmppClient {
  /** Messages with a body received so far, in order, exactly as slixmpp parsed them. */
  messages(): SlixmppMessage[];
  /** Waits until `count` messages have arrived (fails after `timeoutMs`, default 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<SlixmppMessage[]>;
  /** slixmpp's version, for interop reports. */
  readonly version: string;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('../config/slixmpp-receiver.py', import.meta.url));

/**
 * An independent XMPP receiver: config/slixmpp-receiver.py (Python, slixmpp) logged in as `jid`,
 * printing what it receives as JSON lines. Resolves once it is online.
 */
export async function startSlixmpp(options: SlixmppOptions): Promise<SlixmppClient> {
  const python = debianPython();
  const version = slixmppVersion(python);
  const { hostname, port } = new URL(options.service.replace(/^xmpp:/, 'http:'));
  const process: ManagedProcess = startProcess(`slixmpp ${options.jid}`, python, [
    SCRIPT,
    options.jid,
    options.password,
    hostname,
    port,
    ...(options.receipts ? ['--receipts'] : []),
  ]);
  const events = (): Record<string, string>[] =>
    process
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, string>);
  const messages = (): SlixmppMessage[] =>
    events()
      .filter((event) => event.event === 'message')
      .map(({ from = '', id = '', type = '', body = '' }) => ({ from, id, type, body }));
  const until = async (what: string, ready: () => boolean, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (process.hasExited || Date.now() > deadline) {
        await process.stop();
        throw new Error(
          `slixmpp ${options.jid}: not ${what} in ${timeoutMs} ms:\n${process.output().slice(-3000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await until(
    'online',
    () => events().some((event) => event.event === 'online'),
    options.onlineTimeoutMs ?? 20_000,
  );
  return {
    messages,
    version,
    async waitFor(count, timeoutMs = 10_000) {
      await until(`${count} messages received`, () => messages().length >= count, timeoutMs).catch(
        (error) => {
          throw new Error(`${(error as Error).message}\nreceived: ${JSON.stringify(messages())}`);
        },
      );
      return messages();
    },
    async stop() {
      await process.stop();
    },
  };
}

/** Debian's python3, where python3-slixmpp installs (a pyenv or venv python3 on PATH lacks it). */
function debianPython(): string {
  return existsSync(DEBIAN_PYTHON) ? DEBIAN_PYTHON : requireCommand('python3');
}
const DEBIAN_PYTHON = '/usr/bin/python3';

function slixmppVersion(python: string): string {
  try {
    return execFileSync(python, ['-c', 'import slixmpp; print(slixmpp.__version__)'], {
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
  } catch {
    throw new MissingPeerError(
      'python3-slixmpp is not installed. Run "bash scripts/install-peers.sh" from the repository root ' +
        '(or: sudo apt-get update && sudo apt-get install -y --no-install-recommends python3-slixmpp).',
    );
  }
}
