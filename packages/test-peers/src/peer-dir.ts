import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Folder-name prefix of every peer's working folder; CI looks for it to find stray processes. */
export const PEER_DIR_PREFIX = 'messagesend-peer-';

/** A fresh working folder for one peer (config, logs, data). */
export function makePeerDir(kind: string): string {
  return mkdtempSync(join(tmpdir(), `${PEER_DIR_PREFIX}${kind}-`));
}

export function removePeerDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
