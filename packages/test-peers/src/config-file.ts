import { readFileSync } from 'node:fs';

/** A config template from this package's config/ folder with its {{NAME}} placeholders filled. */
export function renderConfig(name: string, values: Record<string, string>): string {
  const template = readFileSync(new URL(`../config/${name}`, import.meta.url), 'utf8');
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`config/${name}: no value for ${match}`);
    return value;
  });
}
