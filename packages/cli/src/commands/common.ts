import { readFileSync } from 'node:fs';
import { createRouter, type Router } from '@messagesend/core';
import { findConfigDir } from '../config-dir.js';
import { UsageError } from '../exit-codes.js';
import { type OutputGuard, outputGuard } from '../safe-output.js';
import { uriPasswords } from '../secrets.js';
import { type LoadedTechs, loadTechs } from '../techs.js';
import { loadThirdPartyTech, techOptions } from '../third-party-techs.js';
import { stderrLogger } from '../verbose-logger.js';
import { stderrWireTrace, stderrXmppTrace } from '../wire-trace.js';

export const COMMON_OPTIONS = {
  'config-dir': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  tech: { type: 'string', multiple: true },
  'tech-option': { type: 'string', multiple: true },
  ca: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--trace`, taken by the commands that open the SIP or XMPP wire (send, verify, listen). */
export const TRACE_OPTION = { trace: { type: 'boolean' } } as const;

/**
 * A router with every technology that is installed and configured. With `verbose` (-v), says on
 * standard error which folder was chosen and why, which files were read, and logs at debug level,
 * masked with the secrets of the files read.
 */
export async function routerFrom(
  configDir: string | undefined,
  timeoutMs?: number,
  verbose = false,
  extra: CommonValues = {},
): Promise<{ router: Router; loaded: LoadedTechs }> {
  const chosen = findConfigDir(configDir);
  // The secrets are known once the files are read; nothing is sent before, so the mask is late-bound.
  let mask = (text: string): string => text;
  const loaded = await loadTechs(
    chosen.dir === undefined ? [] : [chosen.dir],
    extra.trace === true ? withTrace(caOptions(extra.ca), () => mask) : caOptions(extra.ca),
  );
  for (const specifier of extra.tech ?? []) {
    const tech = await loadThirdPartyTech(specifier, {
      ...techOptions(extra['tech-option']),
      ...(chosen.dir ? { configDir: chosen.dir } : {}),
    });
    loaded.techs.push(tech);
    loaded.unavailable.delete(tech.name.toLowerCase());
  }
  mask = outputGuard(loaded.secrets).text;
  if (verbose) {
    process.stderr.write(
      `config: ${chosen.dir === undefined ? 'no config folder found' : `${mask(chosen.dir)} (${chosen.source})`}\n`,
    );
    process.stderr.write(
      `config: read ${loaded.files.length > 0 ? loaded.files.map(mask).join(', ') : 'no .conf file'}\n`,
    );
  }
  const logger = verbose ? stderrLogger('debug', mask) : undefined;
  const router = createRouter({
    techs: loaded.techs,
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(logger ? { logger } : {}),
  });
  return { router, loaded };
}

/** The common options a command passes on to `routerFrom`. */
export interface CommonValues {
  tech?: string[] | undefined;
  'tech-option'?: string[] | undefined;
  ca?: string | undefined;
  trace?: boolean | undefined;
}

/** `--trace`: the SIP technologies (pjsip, sip) and xmpp print their wire through `trace`. */
function withTrace(
  options: Record<string, Record<string, unknown>>,
  mask: () => (text: string) => string,
): Record<string, Record<string, unknown>> {
  const sipTrace = stderrWireTrace(mask);
  return {
    ...options,
    pjsip: { ...options.pjsip, trace: sipTrace },
    sip: { ...options.sip, trace: sipTrace },
    xmpp: { ...options.xmpp, trace: stderrXmppTrace(mask) },
  };
}

/**
 * `--ca FILE`: a private CA trusted in addition to Node's roots by xmpp accounts (STARTTLS) and by
 * the SIP technologies' TLS transports (added to a pjsip transport's own ca_list_file when it has one).
 */
function caOptions(file: string | undefined): Record<string, Record<string, unknown>> {
  if (file === undefined) return {};
  let ca: Buffer;
  try {
    ca = readFileSync(file);
  } catch (error) {
    throw new UsageError(`--ca ${file}: cannot read it: ${(error as Error).message}`);
  }
  return { xmpp: { ca }, pjsip: { ca }, sip: { ca } };
}

/** `--timeout S` in milliseconds (positive seconds, fractions allowed). */
export function timeoutOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
    throw new UsageError(`--timeout takes seconds between 0 and 3600, got "${value}"`);
  return Math.round(seconds * 1000);
}

/** `--data Name=Value` (repeatable) as MESSAGE_DATA. */
export function dataOption(values: string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const data: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--data takes Name=Value, got "${item}"`);
    data[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return data;
}

/** The body: --body, else standard input when it is not a terminal. */
export function bodyOption(body: string | undefined): string {
  if (body !== undefined) return body;
  if (process.stdin.isTTY)
    throw new UsageError('give the message text with --body, or pipe it on standard input');
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

/** The guard for a command's output: the configs' secrets and any password in the given texts (destinations, --from, --to). */
export function guardFor(loaded: LoadedTechs, texts: (string | undefined)[]): OutputGuard {
  return outputGuard([...loaded.secrets, ...texts.flatMap((text) => (text ? uriPasswords(text) : []))]);
}
