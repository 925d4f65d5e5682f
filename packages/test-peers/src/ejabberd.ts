import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeCertificates } from './certificates.js';
import { renderConfig } from './config-file.js';
import { type ManagedProcess, startProcess } from './managed-process.js';
import { makePeerDir, removePeerDir } from './peer-dir.js';
import { freePort } from './ports.js';
import { tcpListening, waitUntil } from './readiness.js';
import { MissingPeerError, requireCommand } from './require-command.js';

const run = promisify(execFile);

export interface EjabberdUser {
  name: string;
  password: string;
}

export interface EjabberdOptions {
  /** STARTTLS required, with a certificate from a test CA made for this server (default false: plain). */
  tls?: boolean;
  users?: EjabberdUser[];
  domain?: string;
  host?: string;
  /** The c2s listener's max_stanza_size (default 262144, ejabberd's own). */
  maxStanzaSize?: number;
  /** Extra ejabberd modules, as YAML keys (for example "mod_offline"). */
  modules?: string[];
  /** Bound on start-up: ejabberd takes seconds to tens of seconds (default 90 s). */
  startTimeoutMs?: number;
}

export interface EjabberdPeer {
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  /** `xmpp://host:port`, the @xmpp/client `service`. */
  readonly service: string;
  readonly tls: boolean;
  /** The test CA in PEM (TLS only). */
  readonly caPem: string | undefined;
  /** ejabberd's version, from its package (for interop reports). */
  readonly version: string;
  jid(user: string): string;
  register(user: EjabberdUser): Promise<void>;
  /** Its console output and ejabberd.log. */
  output(): string;
  readonly running: boolean;
  /** Stops and removes everything. */
  stop(): Promise<void>;
}

/**
 * Starts ejabberd (config/ejabberd.yml.in) on a free loopback port, as the `ejabberd` user, with its own
 * spool, logs and Erlang node. Debian's ejabberdctl reads only the ejabberdctl.cfg given by
 * --ctl-config (which names the ejabberd.yml); a fixed ERL_DIST_PORT on 127.0.0.1 spares epmd.
 */
export async function startEjabberd(options: EjabberdOptions = {}): Promise<EjabberdPeer> {
  const ejabberdctl = requireEjabberdctl();
  const host = options.host ?? '127.0.0.1';
  const domain = options.domain ?? 'localhost';
  const tls = options.tls === true;
  const dir = makePeerDir('ejabberd');
  for (const sub of ['spool', 'logs', 'modules.d']) mkdirSync(join(dir, sub));
  const port = await freePort(host);
  const distPort = await freePort(host);
  const ca = tls ? makeCertificates(dir, domain, host) : undefined;
  writeFileSync(
    join(dir, 'ejabberd.yml'),
    renderConfig('ejabberd.yml.in', {
      DOMAIN: domain,
      HOST: host,
      PORT: String(port),
      MAX_STANZA_SIZE: String(options.maxStanzaSize ?? 262_144),
      TLS: String(tls),
      CERTFILES: ca ? `certfiles:\n  - "${ca.certFile}"\n  - "${ca.keyFile}"` : '',
      EXTRA_MODULES: (options.modules ?? []).map((name) => `  ${name}: {}`).join('\n'),
    }),
  );
  const ctlConfig = join(dir, 'ejabberdctl.cfg');
  writeFileSync(
    ctlConfig,
    renderConfig('ejabberdctl.cfg', { NODE: `ms${port}@localhost`, DIST_PORT: String(distPort), DIR: dir }),
  );
  if (existsSync('/etc/ejabberd/inetrc')) copyFileSync('/etc/ejabberd/inetrc', join(dir, 'inetrc'));
  // ejabberdctl runs everything as the ejabberd user (su): the folder must be its own.
  execFileSync('chown', ['-R', 'ejabberd:ejabberd', dir], { stdio: 'pipe' });
  const base = [
    '--config-dir',
    dir,
    '--ctl-config',
    ctlConfig,
    '--spool',
    join(dir, 'spool'),
    '--logs',
    join(dir, 'logs'),
  ];

  // As the ejabberd user already (setpriv execs, no fork): ejabberdctl then runs erl itself
  // instead of through su, which starts a new session that stopping our process group would miss.
  const process: ManagedProcess = startProcess(
    `ejabberd ${host}:${port}`,
    requireCommand('setpriv'),
    ['--reuid=ejabberd', '--regid=ejabberd', '--init-groups', ejabberdctl, ...base, 'foreground'],
    { cwd: dir, env: { ...globalThis.process.env, HOME: dir } },
  );
  const output = (): string => {
    const log = join(dir, 'logs', 'ejabberd.log');
    return `${process.output()}${existsSync(log) ? `\n--- ejabberd.log ---\n${readFileSync(log, 'utf8').slice(-20_000)}` : ''}`;
  };
  const register = async (user: EjabberdUser): Promise<void> => {
    await run(ejabberdctl, [...base, 'register', user.name, domain, user.password], { timeout: 60_000 });
  };
  try {
    await waitUntil(
      'c2s port listening',
      process,
      tcpListening(host, port),
      options.startTimeoutMs ?? 90_000,
    );
    // The port opens before every module is up; registering also proves the node answers.
    await Promise.all((options.users ?? []).map(register));
  } catch (error) {
    await process.stop(10_000);
    removePeerDir(dir);
    throw error instanceof Error ? new Error(`${error.message}\n${output().slice(-3000)}`) : error;
  }

  return {
    host,
    port,
    domain,
    service: `xmpp://${host}:${port}`,
    tls,
    caPem: ca ? readFileSync(ca.caFile, 'utf8') : undefined,
    version: packageVersion('ejabberd'),
    jid: (user) => `${user}@${domain}`,
    register,
    output,
    get running() {
      return !process.hasExited;
    },
    async stop() {
      // Erlang shuts down cleanly on SIGTERM; it can take a few seconds.
      await process.stop(10_000);
      removePeerDir(dir);
    },
  };
}

function requireEjabberdctl(): string {
  try {
    return requireCommand('ejabberdctl');
  } catch (error) {
    if (!(error instanceof MissingPeerError)) throw error;
    throw new MissingPeerError(
      'ejabberd is not installed. Run "bash scripts/install-peers.sh" from the repository root ' +
        '(or: sudo apt-get update && sudo apt-get install -y --no-install-recommends ejabberd).',
    );
  }
}

/** The installed Debian package's version, or "unknown". */
export function packageVersion(name: string): string {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
