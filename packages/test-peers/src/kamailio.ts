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
}

export interface KamailioPeer {
  readonly host: string;
  readonly port: number;
  /** `sip:host:port`, usable as an outbound proxy or registrar. */
  readonly uri: string;
  /** Kamailio's log so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts Kamailio as registrar and proxy (config/kamailio.cfg) on a free loopback port, UDP and TCP. */
export async function startKamailio(options: KamailioOptions = {}): Promise<KamailioPeer> {
  const kamailio = requireCommand('kamailio');
  const host = options.host ?? '127.0.0.1';
  const dir = makePeerDir('kamailio');
  const port = options.port ?? (await freePort(host));
  const configFile = join(dir, 'kamailio.cfg');
  writeFileSync(
    configFile,
    renderConfig('kamailio.cfg', { HOST: host, PORT: String(port), MPATH: moduleDir() }),
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
