import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ManagedProcess, startProcess } from '../managed-process.js';
import { makePeerDir, removePeerDir } from '../peer-dir.js';
import { freePort } from '../ports.js';
import { tcpListening, udpBound, waitUntil } from '../readiness.js';
import { requireCommand } from '../require-command.js';
import { parseSippErrors, parseSippMessageLog, type SippMessage } from './trace.js';

export type SippTransport = 'udp' | 'tcp';

export interface SippOptions {
  /** Scenario XML (see uasScenario/uacScenario) or a path to a scenario file. */
  scenario: string;
  transport?: SippTransport;
  host?: string;
  /** Local port; a free one by default. */
  port?: number;
  /** Stop after this many calls (`-m`). */
  calls?: number;
  /** Extra SIPp arguments. */
  args?: string[];
  /**
   * Log every message to the trace (default true); benchmarks turn it off, it slows SIPp down.
   * Without it `messages()`, `requests()` and `waitForRequests()` throw, and a result has no messages.
   */
  trace?: boolean;
}

export interface SippResult {
  /** True when SIPp had to be stopped because it did not finish within the bound. */
  timedOut: boolean;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** Events from SIPp's error file: failed checks, unexpected messages, timeouts. */
  errors: string[];
  messages: SippMessage[];
  output: string;
}

export interface SippPeer {
  readonly host: string;
  readonly port: number;
  readonly transport: SippTransport;
  /** `sip:<user>@host:port` (with `;transport=tcp` over TCP). */
  uri(user?: string): string;
  /** Messages SIPp has logged so far. */
  messages(): SippMessage[];
  /** Requests SIPp has received so far. */
  requests(): SippMessage[];
  /** Waits until SIPp has received `count` requests; fails after `timeoutMs` with what it has. */
  waitForRequests(count: number, timeoutMs?: number): Promise<SippMessage[]>;
  errors(): string[];
  /** Stops SIPp (if still running), reads its logs and removes its folder. */
  stop(): Promise<SippResult>;
  /** Waits for SIPp to exit by itself (after `calls`), bounded. */
  finished(timeoutMs?: number): Promise<SippResult>;
}

/** Starts SIPp as a UAS on loopback and waits until its socket is bound. */
export async function startSippUas(options: SippOptions): Promise<SippPeer> {
  return launch(options, []);
}

export interface SippUacOptions extends SippOptions {
  /** `host:port` the UAC sends to. */
  target: string;
  /** The Request-URI user (`-s`, default `service`). */
  service?: string;
}

/** Runs SIPp as a UAC against `target` (`host:port`) until it has made `calls` calls (default 1). */
export async function runSippUac(options: SippUacOptions & { timeoutMs?: number }): Promise<SippResult> {
  const peer = await startSippUac(options);
  return peer.finished(options.timeoutMs ?? 15_000);
}

/** Starts SIPp as a UAC against `target` and returns at once: read it while it runs, stop() it. */
export function startSippUac(options: SippUacOptions): Promise<SippPeer> {
  const extra = [options.target, '-s', options.service ?? 'service', '-m', String(options.calls ?? 1)];
  return launch({ ...options, calls: undefined }, extra);
}

async function launch(options: SippOptions, extraArgs: string[]): Promise<SippPeer> {
  const sipp = requireCommand('sipp');
  const dir = makePeerDir('sipp');
  const host = options.host ?? '127.0.0.1';
  const transport = options.transport ?? 'udp';
  const scenarioFile = options.scenario.trimStart().startsWith('<')
    ? join(dir, 'scenario.xml')
    : options.scenario;
  if (scenarioFile !== options.scenario) writeFileSync(scenarioFile, options.scenario);
  const messageFile = join(dir, 'messages.log');
  const errorFile = join(dir, 'errors.log');

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort(host));
    const args = [
      '-sf',
      scenarioFile,
      '-i',
      host,
      '-p',
      String(port),
      '-t',
      transport === 'tcp' ? 't1' : 'u1',
      '-nostdin',
      // SIPp writes every message it sends or receives to this file: a cost on its own hot path.
      ...(options.trace === false ? [] : ['-trace_msg', '-message_file', messageFile]),
      '-trace_err',
      '-error_file',
      errorFile,
      ...(options.calls !== undefined ? ['-m', String(options.calls)] : []),
      ...(options.args ?? []),
      ...extraArgs,
    ];
    const process = startProcess(`sipp ${host}:${port}`, sipp, args, { cwd: dir });
    const files = { host, port, transport, dir, messageFile, errorFile, traced: options.trace !== false };
    if (extraArgs.length > 0) return peerFor(process, files); // a UAC: runs to completion by itself
    try {
      await waitUntil(
        'socket bound',
        process,
        transport === 'tcp' ? tcpListening(host, port) : udpBound(host, port),
      );
      return peerFor(process, files);
    } catch (error) {
      lastError = error;
      await process.stop();
      // Another process may have taken the free port between the check and SIPp's bind.
      if (options.port !== undefined || !/Address already in use|errno = 98/i.test(String(error))) break;
    }
  }
  removePeerDir(dir);
  throw lastError;
}

interface PeerFiles {
  host: string;
  port: number;
  transport: SippTransport;
  dir: string;
  messageFile: string;
  errorFile: string;
  /** False when started with `trace: false`: there is no message log to read. */
  traced: boolean;
}

function peerFor(process: ManagedProcess, files: PeerFiles): SippPeer {
  const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const messages = (): SippMessage[] => {
    if (!files.traced) throw new Error('SIPp was started with trace: false: it logs no messages to read');
    return parseSippMessageLog(read(files.messageFile));
  };
  const requests = (): SippMessage[] =>
    messages().filter((m) => m.direction === 'received' && !m.firstLine.startsWith('SIP/2.0'));
  let result: SippResult | undefined;
  let timedOut = false;
  const collect = async (): Promise<SippResult> => {
    if (result) return result;
    const exit = await process.exited;
    result = {
      timedOut,
      exit,
      errors: parseSippErrors(read(files.errorFile)),
      messages: files.traced ? messages() : [],
      output: process.output(),
    };
    removePeerDir(files.dir);
    return result;
  };
  return {
    host: files.host,
    port: files.port,
    transport: files.transport,
    uri: (user) => {
      const userPart = user ? `${user}@` : '';
      return `sip:${userPart}${files.host}:${files.port}${files.transport === 'tcp' ? ';transport=tcp' : ''}`;
    },
    messages,
    requests,
    errors: () => parseSippErrors(read(files.errorFile)),
    async waitForRequests(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const seen = requests();
        if (seen.length >= count) return seen;
        if (Date.now() > deadline || process.hasExited) {
          throw new Error(
            `SIPp received ${seen.length} of ${count} requests within ${timeoutMs} ms:\n` +
              seen.map((m) => m.firstLine).join('\n'),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      await process.stop();
      return collect();
    },
    async finished(timeoutMs = 15_000) {
      const timer = setTimeout(() => {
        timedOut = true;
        void process.stop();
      }, timeoutMs);
      await process.exited;
      clearTimeout(timer);
      return collect();
    },
  };
}
