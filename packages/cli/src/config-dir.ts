import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './exit-codes.js';

/** The .conf files that make a folder a messagesend (Asterisk) config folder. */
export const CONFIG_FILES = ['pjsip.conf', 'sip.conf', 'xmpp.conf'] as const;

export const SYSTEM_CONFIG_DIR = '/etc/asterisk';

/** The environment variable naming the config folder. */
export const CONFIG_DIR_VARIABLE = 'MESSAGESEND_CONFIG_DIR';

/** The one folder every .conf file is read from, and what chose it (printed by -v). */
export interface ConfigDir {
  dir: string | undefined;
  source: '--config-dir' | typeof CONFIG_DIR_VARIABLE | 'current folder' | typeof SYSTEM_CONFIG_DIR | 'none';
}

function requireFolder(dir: string, what: string): string {
  const path = resolve(dir);
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${what} ${path} does not exist`);
  }
  if (!isFolder) throw new UsageError(`${what} ${path} is not a folder`);
  return path;
}

const holdsConfig = (dir: string): boolean => CONFIG_FILES.some((name) => existsSync(join(dir, name)));

/**
 * One folder wins as a whole, so files are never mixed from two places: --config-dir, else
 * $MESSAGESEND_CONFIG_DIR, else the current folder when it holds a pjsip.conf, sip.conf or
 * xmpp.conf, else /etc/asterisk. A folder named by the flag or the variable must exist.
 */
export function findConfigDir(explicit: string | undefined): ConfigDir {
  if (explicit !== undefined) return { dir: requireFolder(explicit, '--config-dir'), source: '--config-dir' };
  const fromEnv = process.env[CONFIG_DIR_VARIABLE];
  if (fromEnv) return { dir: requireFolder(fromEnv, CONFIG_DIR_VARIABLE), source: CONFIG_DIR_VARIABLE };
  const cwd = process.cwd();
  if (holdsConfig(cwd)) return { dir: cwd, source: 'current folder' };
  if (existsSync(SYSTEM_CONFIG_DIR)) return { dir: SYSTEM_CONFIG_DIR, source: SYSTEM_CONFIG_DIR };
  return { dir: undefined, source: 'none' };
}

/** The folders searched for .conf files: the chosen one, or none. */
export function configDirs(explicit: string | undefined): string[] {
  const { dir } = findConfigDir(explicit);
  return dir === undefined ? [] : [dir];
}

/** The first `name` found in `dirs`, or undefined. */
export function findConfig(name: string, dirs: string[]): string | undefined {
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}
