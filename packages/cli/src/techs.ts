import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MessageTech } from '@messagesend/core';
import { findConfig } from './config-dir.js';
import { UsageError } from './exit-codes.js';
import { confSecrets } from './secrets.js';

interface TechEntry {
  prefix: string;
  packageName: string;
  configFile: string;
}

/** First-party technologies: the CLI is the one place that loads them by name. */
export const KNOWN_TECHS: TechEntry[] = [
  { prefix: 'pjsip', packageName: '@messagesend/pjsip', configFile: 'pjsip.conf' },
  { prefix: 'sip', packageName: '@messagesend/sip', configFile: 'sip.conf' },
  { prefix: 'xmpp', packageName: '@messagesend/xmpp', configFile: 'xmpp.conf' },
];

export interface LoadedTechs {
  techs: MessageTech<unknown>[];
  /** Config warnings, prefixed by file. */
  warnings: string[];
  /** Why a prefix is unavailable: not installed, or no .conf file. */
  unavailable: Map<string, string>;
  /** Values of the secret-like options of every .conf file read, masked in all output. */
  secrets: string[];
  /** Prefixes whose .conf file could not be loaded, with the error (a send to them is refused with it). */
  broken: Map<string, Error>;
}

/**
 * Loads every installed first-party technology whose .conf file is found. A missing package or
 * file is not an error here: it becomes the hint for a destination that needs it.
 */
export async function loadTechs(
  dirs: string[],
  extraOptions: Record<string, Record<string, unknown>> = {},
): Promise<LoadedTechs> {
  const loaded: LoadedTechs = {
    techs: [],
    warnings: [],
    unavailable: new Map(),
    secrets: [],
    broken: new Map(),
  };
  for (const entry of KNOWN_TECHS) {
    const file = findConfig(entry.configFile, dirs);
    if (!file) {
      loaded.unavailable.set(entry.prefix, `no ${entry.configFile} in ${dirs.join(', ')} (use --config-dir)`);
      continue;
    }
    let factory: (
      options: Record<string, unknown>,
    ) => MessageTech<unknown> & { warnings?: readonly string[] };
    try {
      factory = ((await import(entry.packageName)) as { default: typeof factory }).default;
    } catch {
      loaded.unavailable.set(
        entry.prefix,
        `technology "${entry.prefix}" is not installed: npm install ${entry.packageName}`,
      );
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    loaded.secrets.push(...confSecrets(text, file));
    // pjsip reads pjsip_wizard.conf beside pjsip.conf: its passwords are masked too.
    const wizard = entry.prefix === 'pjsip' ? findConfig('pjsip_wizard.conf', [dirname(file)]) : undefined;
    if (wizard) loaded.secrets.push(...confSecrets(readFileSync(wizard, 'utf8'), wizard));
    let tech: ReturnType<typeof factory>;
    try {
      tech = factory({ config: text, configFile: file, ...extraOptions[entry.prefix] });
    } catch (error) {
      // One broken file must not stop the other technologies (a bad sip.conf, pjsip: sends).
      const reason = `${file} could not be loaded: ${(error as Error).message}`;
      loaded.unavailable.set(entry.prefix, reason);
      loaded.warnings.push(reason);
      loaded.broken.set(entry.prefix, error as Error);
      continue;
    }
    for (const warning of tech.warnings ?? []) loaded.warnings.push(warning);
    loaded.techs.push(tech);
  }
  return loaded;
}

/** The hint for a destination whose technology was not loaded. */
export function unavailableHint(destination: string, loaded: LoadedTechs): string | undefined {
  const prefix = destination.slice(0, Math.max(0, destination.indexOf(':'))).toLowerCase();
  const reason = loaded.unavailable.get(prefix);
  if (reason) return reason;
  if (!KNOWN_TECHS.some((t) => t.prefix === prefix)) {
    return `no technology "${prefix}"; messagesend knows ${KNOWN_TECHS.map((t) => `${t.prefix}:`).join(', ')}`;
  }
  return undefined;
}

/** Throws the load error of the destination's technology, if its .conf file could not be loaded (exit 2). */
export function refuseBroken(loaded: LoadedTechs, destination: string | undefined): void {
  const prefix = destination?.slice(0, Math.max(0, destination.indexOf(':'))).toLowerCase() ?? '';
  const error = loaded.broken.get(prefix);
  if (error) throw error;
}
