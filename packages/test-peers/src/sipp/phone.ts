import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePeerDir, removePeerDir } from '../peer-dir.js';
import { type UasStep, uasScenario } from './scenario.js';
import { type SippPeer, type SippResult, startSippUac } from './sipp.js';

export interface SippPhoneOptions {
  /** `host:port` the phone sends its scenario to (a registrar, a proxy). */
  target: string;
  /** What the phone does first: a REGISTER (registerScenario) or a MESSAGE (uacScenario). */
  scenario: string;
  /** How it answers requests outside that call (default: a MESSAGE with 202 Accepted). */
  answers?: UasStep[];
  /** The longest it stays up after its scenario (default 10 s); stop() ends it sooner. */
  stayUpMs?: number;
  /** Its local port (a free one by default). */
  port?: number;
}

/**
 * A SIPp phone: runs `scenario` against `target`, then stays up answering requests that arrive
 * outside it (SIPp's `-oocsf`), as a registered phone or a sender waiting for a reply does. Its
 * `requests()` are the out-of-call ones; `stop()` ends it as soon as the test has what it needs.
 */
export async function startSippPhone(options: SippPhoneOptions): Promise<SippPeer> {
  const dir = makePeerDir('sipp-phone');
  try {
    const ooc = join(dir, 'ooc.xml');
    const answers = options.answers ?? [
      { request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] },
    ];
    writeFileSync(ooc, uasScenario(answers, { timewaitMs: 0 }));
    const stayUp = `  <pause milliseconds="${options.stayUpMs ?? 10_000}"/>\n</scenario>`;
    const peer = await startSippUac({
      target: options.target,
      scenario: options.scenario.replace('</scenario>', stayUp),
      args: ['-oocsf', ooc],
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    const cleanUp = (result: SippResult): SippResult => {
      removePeerDir(dir);
      return result;
    };
    return {
      ...peer,
      stop: () => peer.stop().then(cleanUp),
      finished: (timeoutMs) => peer.finished(timeoutMs).then(cleanUp),
    };
  } catch (error) {
    removePeerDir(dir);
    throw error;
  }
}
