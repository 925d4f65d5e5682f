import { readFileSync } from 'node:fs';
import type { MessageTech } from '@messagesend/core';
import { findConfig } from './config-dir.js';
import { closest } from './did-you-mean.js';
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
  /** The .conf files read, in order. */
  files: string[];
  /** The names a destination can use, by prefix (pjsip endpoints, sip peers): for "did you mean". */
  names: Map<string, string[]>;
  /** pjsip's reason codes for a name that is no configured endpoint (pjsip is loaded lazily). */
  unknownEndpointReasons: string[];
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
    files: [],
    names: new Map(),
    unknownEndpointReasons: [],
  };
  for (const entry of KNOWN_TECHS) {
    const file = findConfig(entry.configFile, dirs);
    if (!file) {
      loaded.unavailable.set(
        entry.prefix,
        dirs.length === 0
          ? `no config folder: give --config-dir DIR (or set MESSAGESEND_CONFIG_DIR) with a ${entry.configFile}`
          : `no ${entry.configFile} in ${dirs.join(', ')} (use --config-dir)`,
      );
      continue;
    }
    let factory: (
      options: Record<string, unknown>,
    ) => MessageTech<unknown> & { warnings?: readonly string[] };
    let module: TechModule;
    try {
      module = (await import(entry.packageName)) as TechModule;
      factory = module.default as typeof factory;
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
    loaded.files.push(file);
    loaded.secrets.push(...confSecrets(text, file));
    const tech = factory({ config: text, configFile: file, ...extraOptions[entry.prefix] });
    loaded.names.set(entry.prefix, destinationNames(module, text, file));
    if (module.PjsipReason)
      loaded.unknownEndpointReasons.push(
        module.PjsipReason.UnknownEndpoint,
        module.PjsipReason.NoDefaultEndpoint,
      );
    for (const warning of tech.warnings ?? []) loaded.warnings.push(warning);
    loaded.techs.push(tech);
  }
  return loaded;
}

/** What the CLI uses of a first-party technology package: its factory, and its .conf parser. */
interface TechModule {
  default: unknown;
  parsePjsipConf?: (text: string, options: { file?: string }) => { config: { endpoints?: object } };
  parseSipConf?: (text: string, options: { file?: string }) => { config: { peers?: object } };
  PjsipReason?: { UnknownEndpoint: string; NoDefaultEndpoint: string };
}

/** pjsip endpoint names and sip peer names, for "did you mean" hints (empty when unreadable). */
function destinationNames(module: TechModule, text: string, file: string): string[] {
  try {
    if (module.parsePjsipConf)
      return Object.keys(module.parsePjsipConf(text, { file }).config.endpoints ?? {});
    if (module.parseSipConf) return Object.keys(module.parseSipConf(text, { file }).config.peers ?? {});
  } catch {
    // The factory already reported the config's problems; a hint is not worth a second error.
  }
  return [];
}

/**
 * For a destination naming an endpoint that is not configured (`pjsip:alcie`): the closest
 * configured name, and the names there are (at most ten).
 */
export function unknownNameHint(
  destination: string,
  reason: string | undefined,
  loaded: LoadedTechs,
): string | undefined {
  if (reason === undefined || !loaded.unknownEndpointReasons.includes(reason)) return undefined;
  const names = loaded.names.get('pjsip') ?? [];
  const rest = destination.slice(destination.indexOf(':') + 1);
  const wanted = rest.startsWith('endpoint/')
    ? rest.slice('endpoint/'.length)
    : rest.slice(rest.lastIndexOf('@') + 1);
  const guess = closest(wanted, names);
  // Without a default endpoint, a URI or host destination fails the same way: hint only at a likely typo.
  if (!guess && reason !== loaded.unknownEndpointReasons[0]) return undefined;
  const list =
    names.length === 0
      ? 'pjsip.conf has no endpoint'
      : `endpoints: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, ... (${names.length})` : ''}`;
  return `${guess ? `did you mean pjsip:${rest.slice(0, rest.length - wanted.length)}${guess}? ` : ''}${list}`;
}

/** The hint for a destination whose technology was not loaded. */
export function unavailableHint(destination: string, loaded: LoadedTechs): string | undefined {
  const prefix = destination.slice(0, Math.max(0, destination.indexOf(':'))).toLowerCase();
  const known = KNOWN_TECHS.map((t) => `${t.prefix}:`).join(', ');
  if (prefix === '')
    return `a destination starts with its technology, e.g. pjsip:${destination}; messagesend knows ${known}`;
  const reason = loaded.unavailable.get(prefix);
  if (reason) return reason;
  if (!KNOWN_TECHS.some((t) => t.prefix === prefix)) {
    const guess = closest(
      prefix,
      KNOWN_TECHS.map((t) => t.prefix),
    );
    return `no technology "${prefix}"${guess ? ` (did you mean ${guess}:?)` : ''}; messagesend knows ${known}`;
  }
  return undefined;
}
