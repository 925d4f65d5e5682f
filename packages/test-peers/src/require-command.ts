import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const PACKAGES: Record<string, string> = {
  sipp: 'sip-tester',
  kamailio: 'kamailio',
  kamcmd: 'kamailio',
  prosody: 'prosody',
  prosodyctl: 'prosody',
  openssl: 'openssl',
  'systemd-analyze': 'systemd',
  'redis-server': 'redis-server',
};

/** A peer program that is not installed: the message says how to install it. */
export class MissingPeerError extends Error {
  override readonly name = 'MissingPeerError';
}

/** Absolute path of `command`, or a MissingPeerError naming the command that installs it. */
export function requireCommand(command: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  const pkg = PACKAGES[command] ?? command;
  throw new MissingPeerError(
    `${command} is not installed. Run "bash scripts/install-peers.sh" from the repository root ` +
      `(or: sudo apt-get update && sudo apt-get install -y ${pkg}).`,
  );
}
