import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MessageTech, toLogger } from '@messagesend/core';
import { pjsip } from '@messagesend/pjsip';
import { sip } from '@messagesend/sip';
import type { RegistrationStore } from '@messagesend/sip-ua';
import { xmpp } from '@messagesend/xmpp';
import type { Logger } from 'pino';
import { GatewayErrorCode } from '../errors.js';

type Factory = (options: {
  config: string;
  configFile: string;
  logger: ReturnType<typeof toLogger>;
  registrations?: RegistrationStore;
}) => MessageTech<unknown> & {
  warnings?: readonly string[];
};

/** The technologies the gateway serves, each from its Asterisk file. */
const TECH_FILES: { file: string; tech: string; make: Factory }[] = [
  { file: 'pjsip.conf', tech: 'pjsip', make: (options) => pjsip(options) },
  { file: 'sip.conf', tech: 'sip', make: (options) => sip(options) },
  { file: 'xmpp.conf', tech: 'xmpp', make: ({ registrations: _, ...options }) => xmpp(options) },
];

export interface TechLoadFailure {
  file: string;
  code: string;
  message: string;
}

/**
 * Loads every technology whose file is in `dir`. One that fails to load is reported (code and
 * message, which name file and line and never a secret) and the others still serve.
 */
export function loadTechs(
  dir: string,
  logger: Logger,
  /** The registrar's store for a technology (Redis-shared), or undefined for its own in memory. */
  registrationsFor: (tech: string) => RegistrationStore | undefined = () => undefined,
): { techs: MessageTech<unknown>[]; failures: TechLoadFailure[] } {
  const techs: MessageTech<unknown>[] = [];
  const failures: TechLoadFailure[] = [];
  for (const { file, tech: name, make } of TECH_FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    try {
      const registrations = registrationsFor(name);
      const tech = make({
        ...(registrations ? { registrations } : {}),
        config: readFileSync(path, 'utf8'),
        configFile: path,
        logger: toLogger(logger.child({ tech: file })),
      });
      for (const warning of tech.warnings ?? []) logger.warn({ file }, warning);
      techs.push(tech);
    } catch (error) {
      const code = (error as { code?: string }).code ?? GatewayErrorCode.TechLoad;
      failures.push({ file: path, code, message: (error as Error).message });
      logger.error(
        { file: path, code, reason: GatewayErrorCode.TechLoad },
        `${file} not loaded: ${(error as Error).message}`,
      );
    }
  }
  return { techs, failures };
}
