import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh folder under the system temp folder holding `files` (name → text): the Asterisk config
 * folder (`pjsip.conf`, `http.conf`, ...) a CLI, `serve` or gateway test points at.
 */
export function writeConfigFolder(files: Record<string, string>, kind = 'conf'): string {
  const dir = mkdtempSync(join(tmpdir(), `messagesend-${kind}-`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
