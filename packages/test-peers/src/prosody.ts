import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCertificates } from './certificates.js';
import { renderConfig } from './config-file.js';
import { startProcess } from './managed-process.js';
import { makePeerDir } from './peer-dir.js';
import { freePort } from './ports.js';
import { tcpListening, waitUntil } from './readiness.js';
import { requireCommand } from './require-command.js';
import { type RestartableLife, startRestartable } from './restartable-process.js';

export interface ProsodyUser {
  name: string;
  password: string;
}

export interface ProsodyOptions {
  /** STARTTLS required, with a certificate from a test CA made for this server (default false: plain). */
  tls?: boolean;
  users?: ProsodyUser[];
  domain?: string;
  host?: string;
  /** Extra Prosody modules to load (for example "offline"). */
  modules?: string[];
  /**
   * Nagle's algorithm on Prosody's sockets (its `network_settings.nagle`, default true). Off for a
   * benchmark: on, a stanza to a client that sends nothing back waits for that client's delayed ACK
   * (up to 40 ms) whenever the one before is unacknowledged, and those stalls decide the rate.
   */
  nagle?: boolean;
}

export interface ProsodyPeer extends RestartableLife {
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  /** `xmpp://host:port`, the @xmpp/client `service`. */
  readonly service: string;
  readonly tls: boolean;
  /** PEM file of the test CA that signed the server certificate (TLS only). */
  readonly caFile: string | undefined;
  /** The test CA in PEM (TLS only). */
  readonly caPem: string | undefined;
  jid(user: string): string;
  register(user: ProsodyUser): void;
}

/** Starts Prosody (config/prosody.cfg.lua) on a free loopback port with its own data folder and users. */
export async function startProsody(options: ProsodyOptions = {}): Promise<ProsodyPeer> {
  const prosody = requireCommand('prosody');
  const prosodyctl = requireCommand('prosodyctl');
  const host = options.host ?? '127.0.0.1';
  const domain = options.domain ?? 'localhost';
  const tls = options.tls === true;
  const dir = makePeerDir('prosody');
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'certs'));
  const port = await freePort(host);
  const ca = tls ? makeCertificates(dir, domain, host) : undefined;
  const ssl = ca ? `ssl = { key = "${ca.keyFile}"; certificate = "${ca.certFile}"; }` : '';
  const configFile = join(dir, 'prosody.cfg.lua');
  writeFileSync(
    configFile,
    renderConfig('prosody.cfg.lua', {
      DIR: dir,
      HOST: host,
      PORT: String(port),
      DOMAIN: domain,
      EXTRA_MODULES: [...(tls ? ['tls'] : []), ...(options.modules ?? [])].map((m) => `, "${m}"`).join(''),
      DISABLED_MODULES: tls ? '' : ', "tls"',
      REQUIRE_ENCRYPTION: String(tls),
      ALLOW_PLAIN: String(!tls),
      SSL: ssl,
      NETWORK: options.nagle === false ? 'network_settings = { nagle = false }' : '',
    }),
  );

  const register = (user: ProsodyUser): void => {
    execFileSync(prosodyctl, ['--config', configFile, 'register', user.name, domain, user.password], {
      stdio: 'pipe',
      timeout: 15_000,
    });
  };
  for (const user of options.users ?? []) register(user);

  const life = await startRestartable({
    dir,
    start: () =>
      startProcess(`prosody ${host}:${port}`, prosody, ['--config', configFile, '-F'], { cwd: dir }),
    ready: (process) => waitUntil('c2s port listening', process, tcpListening(host, port), 15_000),
  });

  return Object.assign(life, {
    host,
    port,
    domain,
    service: `xmpp://${host}:${port}`,
    tls,
    caFile: ca?.caFile,
    caPem: ca ? readFileSync(ca.caFile, 'utf8') : undefined,
    jid: (user: string) => `${user}@${domain}`,
    register,
  });
}
