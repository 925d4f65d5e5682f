import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfig } from './config-file.js';
import { startProcess } from './managed-process.js';
import { makePeerDir, removePeerDir } from './peer-dir.js';
import { freePort } from './ports.js';
import { udpBound, waitUntil } from './readiness.js';
import { requireCommand } from './require-command.js';

export interface KamailioOptions {
  host?: string;
  port?: number;
  /** Challenge every REGISTER (digest, these users and passwords); the location table is then readable. */
  auth?: KamailioAuthOptions;
}

export interface KamailioAuthOptions {
  realm: string;
  /** user name → password. */
  users: Record<string, string>;
  /** Digest algorithm of the challenges (default MD5). */
  algorithm?: 'MD5' | 'SHA-256';
  /** registrar min_expires (default 10). */
  minExpires?: number;
  /** How long a nonce is good for, in seconds (auth `nonce_expire`, default 300); then stale=true. */
  nonceExpireSec?: number;
  /**
   * Also challenge every other request with 407 (proxy_challenge, qop=auth) before relaying it;
   * each challenge and each accepted Proxy-Authorization is logged (`PROXY-CHALLENGE`, `PROXY-AUTH-OK`).
   */
  proxyChallenge?: boolean;
}

/** One binding of Kamailio's location table, as `kamcmd ul.dump` prints it. */
export interface KamailioBinding {
  aor: string;
  contact: string;
  expires: string;
}

export interface KamailioPeer {
  readonly host: string;
  readonly port: number;
  /** `sip:host:port`, usable as an outbound proxy or registrar. */
  readonly uri: string;
  /** Kamailio's log so far. */
  output(): string;
  /** The location table (`kamcmd ul.dump`); only with `auth` (which enables the ctl socket). */
  locations(): Promise<KamailioBinding[]>;
  stop(): Promise<void>;
}

/** Starts Kamailio as registrar and proxy (config/kamailio.cfg) on a free loopback port, UDP and TCP. */
export async function startKamailio(options: KamailioOptions = {}): Promise<KamailioPeer> {
  const kamailio = requireCommand('kamailio');
  const host = options.host ?? '127.0.0.1';
  const dir = makePeerDir('kamailio');
  const port = options.port ?? (await freePort(host));
  const configFile = join(dir, 'kamailio.cfg');
  const ctl = join(dir, 'kamailio_ctl');
  writeFileSync(
    configFile,
    options.auth
      ? renderConfig('kamailio-auth.cfg', {
          HOST: host,
          PORT: String(port),
          MPATH: moduleDir(),
          CTL: ctl,
          REALM: options.auth.realm,
          ALGORITHM: options.auth.algorithm ?? 'MD5',
          MIN_EXPIRES: String(options.auth.minExpires ?? 10),
          NONCE_EXPIRE: String(options.auth.nonceExpireSec ?? 300),
          PASSWORDS: passwordLines(options.auth.users),
          PROXY_AUTH: options.auth.proxyChallenge ? proxyAuthBlock(options.auth) : '',
        })
      : renderConfig('kamailio.cfg', { HOST: host, PORT: String(port), MPATH: moduleDir() }),
  );
  const process = startProcess(
    `kamailio ${host}:${port}`,
    kamailio,
    ['-f', configFile, '-DD', '-E', '-m', '64', '-M', '8'],
    {
      cwd: dir,
    },
  );
  try {
    await waitUntil('UDP socket bound', process, udpBound(host, port));
  } catch (error) {
    removePeerDir(dir);
    throw error;
  }
  return {
    host,
    port,
    uri: `sip:${host}:${port}`,
    output: () => process.output(),
    async locations() {
      if (!options.auth) throw new Error('locations() needs startKamailio({ auth })');
      return parseUlDump(await kamcmd(ctl, ['ul.dump']));
    },
    async stop() {
      await process.stop();
      removePeerDir(dir);
    },
  };
}

/** Debian keeps modules under /usr/lib/<multiarch triplet>/kamailio/modules. */
function moduleDir(): string {
  const candidates = ['/usr/lib/kamailio/modules', '/usr/lib64/kamailio/modules'];
  for (const entry of existsSync('/usr/lib') ? readdirSync('/usr/lib') : []) {
    candidates.unshift(`/usr/lib/${entry}/kamailio/modules`);
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'tm.so')));
  if (!found)
    throw new Error(
      'Kamailio modules (tm.so) not found; reinstall with: apt-get install --reinstall kamailio',
    );
  return found;
}

/** `if ($au == "user") { $avp(pw) = "password"; }` per user: the auth module's password source. */
function passwordLines(users: Record<string, string>): string {
  const quote = (text: string) => {
    if (/["\\\n\r$]/.test(text))
      throw new Error(`Kamailio test users: unsupported character in ${JSON.stringify(text)}`);
    return `"${text}"`;
  };
  return Object.entries(users)
    .map(([user, password]) => `    if ($au == ${quote(user)}) { $avp(pw) = ${quote(password)}; }`)
    .join('\n');
}

/**
 * The route lines that 407-challenge a request and log what was challenged and accepted. An
 * expired nonce (-4) is challenged with stale=true (flag 16), as the auth module's README says.
 */
function proxyAuthBlock(auth: KamailioAuthOptions): string {
  return [
    passwordLines(auth.users),
    `    pv_proxy_authenticate("${auth.realm}", "$avp(pw)", "0");`,
    '    $var(auth) = $rc;',
    '    if ($var(auth) < 0) {',
    '      xlog("L_ERR", "PROXY-CHALLENGE $rm $ci $var(auth)\\n");',
    `      if ($var(auth) == -4) { proxy_challenge("${auth.realm}", "17"); } else { proxy_challenge("${auth.realm}", "1"); }`,
    '      exit;',
    '    }',
    '    xlog("L_ERR", "PROXY-AUTH-OK $rm $hdr(Proxy-Authorization)\\n");',
    '    consume_credentials();',
  ].join('\n');
}

/** Runs kamcmd against the ctl socket, bounded (5 s). */
function kamcmd(socket: string, args: string[]): Promise<string> {
  const command = requireCommand('kamcmd');
  return new Promise((resolve, reject) => {
    execFile(command, ['-s', `unix:${socket}`, ...args], { timeout: 5000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kamcmd ${args.join(' ')}: ${error.message} ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The AOR, Contact and Expires lines of `ul.dump`'s text output. */
export function parseUlDump(text: string): KamailioBinding[] {
  const bindings: KamailioBinding[] = [];
  let aor = '';
  let binding: KamailioBinding | undefined;
  for (const line of text.split('\n')) {
    const field = /^\s*(AoR|Address|Expires):\s*(.*?)\s*$/.exec(line);
    if (!field) continue;
    const [, name, value = ''] = field;
    if (name === 'AoR') aor = value;
    else if (name === 'Address') {
      binding = { aor, contact: value, expires: '' };
      bindings.push(binding);
    } else if (binding) binding.expires = value;
  }
  return bindings;
}
