import assert from 'node:assert/strict';

/**
 * The forms a secret can take in captured text: as written, percent-escaped (a URI), and
 * JSON-escaped (a --json line).
 */
function forms(secret: string): string[] {
  const all = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...all];
}

/** Every string inside `value`: object keys and values, arrays, Maps, Sets, Errors (message, stack, cause). */
function strings(value: unknown, out: string[], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    out.push(String(value));
  else if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    if (value instanceof Error) {
      out.push(value.message, value.stack ?? '');
      strings(value.cause, out, seen);
    }
    if (value instanceof Map) for (const [k, v] of value) strings([k, v], out, seen);
    else if (value instanceof Set || Array.isArray(value)) for (const item of value) strings(item, out, seen);
    else
      for (const [key, item] of Object.entries(value)) {
        out.push(key);
        strings(item, out, seen);
      }
  }
  return out;
}

/**
 * Where any of `secrets` appears in `captured` (a record of named captures: log lines, errors,
 * results, previews, CLI output), as `"<capture name>: secret #<n>"` entries. Never the secret
 * itself, so a failure message cannot leak it either. Empty secrets are ignored.
 */
export function findSecrets(secrets: readonly string[], captured: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(captured)) {
    const texts = strings(value, []);
    secrets.forEach((secret, index) => {
      if (secret === '') return;
      if (forms(secret).some((form) => texts.some((text) => text.includes(form))))
        found.push(`${name}: secret #${index + 1}`);
    });
  }
  return found;
}

/** Fails (an AssertionError naming the captures, not the secret) when a secret appears in `captured`. */
export function assertNoSecrets(secrets: readonly string[], captured: Record<string, unknown>): void {
  const found = findSecrets(secrets, captured);
  assert.deepEqual(found, [], `configured secrets appear in captured output: ${found.join(', ')}`);
}
