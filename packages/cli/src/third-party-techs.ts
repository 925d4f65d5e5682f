import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageTech } from '@messagesend/core';
import { UsageError } from './exit-codes.js';

/**
 * `--tech PACKAGE`: a third-party technology, resolved from the current folder (where the user
 * installed it, not where the CLI is installed) or given as a path. Its default export is called
 * with the `--tech-option name=value` pairs and `configDir`.
 */
export async function loadThirdPartyTech(
  specifier: string,
  options: Record<string, unknown>,
): Promise<MessageTech<unknown>> {
  let url: string;
  try {
    const resolveFromHere = createRequire(join(process.cwd(), 'noop.js'));
    url = pathToFileURL(resolveFromHere.resolve(specifier)).href;
  } catch (error) {
    throw new UsageError(
      `--tech ${specifier}: cannot find it from ${process.cwd()} (${(error as Error).message.split('\n')[0]}); install it there: npm install ${specifier}`,
    );
  }
  let module: { default?: unknown };
  try {
    module = (await import(url)) as { default?: unknown };
  } catch (error) {
    throw new UsageError(`--tech ${specifier}: cannot load it: ${(error as Error).message}`);
  }
  if (typeof module.default !== 'function')
    throw new UsageError(`--tech ${specifier}: its default export is not a technology factory function`);
  const tech = (module.default as (options: Record<string, unknown>) => unknown)(options);
  const name = (tech as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || typeof (tech as { send?: unknown }).send !== 'function')
    throw new UsageError(`--tech ${specifier}: its factory did not return a technology (no name or send)`);
  return tech as MessageTech<unknown>;
}

/** `--tech-option name=value` pairs; a value that reads as JSON (a number, true, a list) is taken as such. */
export function techOptions(values: string[] | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--tech-option takes name=value, got "${item}"`);
    const raw = item.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // A plain string.
    }
    options[item.slice(0, eq)] = value;
  }
  return options;
}
