import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where .conf files are looked for: --config-dir, else ./, then $MESSAGESEND_CONFIG_DIR, then /etc/asterisk. */
export function configDirs(explicit: string | undefined): string[] {
  if (explicit) return [resolve(explicit)];
  return [process.cwd(), process.env.MESSAGESEND_CONFIG_DIR, '/etc/asterisk']
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => resolve(dir));
}

/** The first `name` found in `dirs`, or undefined. */
export function findConfig(name: string, dirs: string[]): string | undefined {
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}
