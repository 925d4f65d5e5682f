import { appendFile, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import {
  type InboundDisposition,
  type MessageTech,
  parsed,
  parseFailure,
  splitDestination,
  TECH_API_VERSION,
  type TechHost,
  type TechSendOutcome,
} from '@messagesend/core';

// TODO (your technology): pick the prefix users will type before the ":".
const NAME = 'file';

export interface FileTechOptions {
  /** Folder that relative paths are resolved against (default: the current directory). */
  baseDir?: string;
  /**
   * Inbound: a folder watched for `*.json` files, each one message (`InboxFile`). Each is handed
   * to the router's `onMessage` handlers; accepted ones are deleted, declined ones are renamed
   * `*.json.rejected`, and ones whose handler failed stay for the next poll.
   */
  inboxDir?: string;
  /** How often `start()` polls `inboxDir`, in milliseconds (default 1000). */
  pollMs?: number;
}

/** One inbound message file in `inboxDir`. */
export interface InboxFile {
  body: string;
  from?: string;
  to?: string;
  contentType?: string;
  data?: Record<string, string>;
  /** Where a reply goes (a path for `file:`); default `replies.jsonl`. */
  replyTo?: string;
}

/** What one poll of the inbox did, by the router's answer. */
export type InboxCounts = Record<InboundDisposition | 'unreadable', number>;

/** The technology, plus `poll()` to read the inbox now. */
export interface FileTech extends MessageTech<FileTarget> {
  /** Reads `inboxDir` once and hands each message to the router (no-op without `inboxDir`). */
  poll(): Promise<InboxCounts>;
}

export interface FileTarget {
  /** The path as written in the destination. */
  path: string;
}

/** One line of the output file. */
export interface FileRecord {
  at: string;
  body: string;
  from?: string;
  to?: string;
  contentType?: string;
  data?: Record<string, string>;
}

/**
 * `file:<path>` appends each message as one JSON line. A small, real technology: it shows parse
 * (pure, never throws), send (errors become FAILURE with a reason), dry run and close.
 */
export default function file(options: FileTechOptions = {}): FileTech {
  const baseDir = options.baseDir ?? process.cwd();
  let closed = false;
  let host: TechHost | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<InboxCounts> | undefined;

  // TODO (your technology): turn what your protocol received into an InboundMessage, hand it to
  // host.receive(), and answer your sender from the disposition (SIP: 202, 404, 500).
  async function readInbox(dir: string, counts: InboxCounts): Promise<InboxCounts> {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
    for (const name of names) {
      if (closed || !host) break;
      const path = join(dir, name);
      let record: InboxFile;
      try {
        record = JSON.parse(await readFile(path, 'utf8')) as InboxFile;
        if (typeof record.body !== 'string') throw new Error('no body');
      } catch {
        counts.unreadable += 1;
        await rename(path, `${path}.rejected`).catch(() => {});
        continue;
      }
      const disposition = await host.receive({
        body: record.body,
        ...(record.from !== undefined && { from: record.from }),
        ...(record.to !== undefined && { to: record.to }),
        ...(record.contentType !== undefined && { contentType: record.contentType }),
        ...(record.data !== undefined && { data: record.data }),
        destination: `${NAME}:${record.replyTo ?? 'replies.jsonl'}`,
      });
      counts[disposition] += 1;
      if (disposition === 'accepted') await unlink(path).catch(() => {});
      else if (disposition === 'not-found') await rename(path, `${path}.rejected`).catch(() => {});
      // 'error': leave the file for the next poll.
    }
    return counts;
  }

  function poll(): Promise<InboxCounts> {
    const counts: InboxCounts = { accepted: 0, 'not-found': 0, error: 0, unreadable: 0 };
    if (options.inboxDir === undefined || closed) return Promise.resolve(counts);
    const inbox = resolve(baseDir, options.inboxDir);
    // One poll at a time: a poll asked for while one runs waits for it, then reads again.
    const run = (polling ?? Promise.resolve()).catch(() => undefined).then(() => readInbox(inbox, counts));
    polling = run;
    run
      .finally(() => {
        if (polling === run) polling = undefined;
      })
      .catch(() => {});
    return run;
  }

  return {
    name: NAME,
    apiVersion: TECH_API_VERSION,
    examples: { valid: ['file:messages.jsonl', 'file:/tmp/out.jsonl'], invalid: ['file:', 'file:dir/'] },

    // TODO (your technology): parse the part after the prefix; return parseFailure(message, offset).
    parse(destination) {
      const split = typeof destination === 'string' ? splitDestination(destination) : undefined;
      if (!split || split.tech !== NAME || !split.hasColon)
        return parseFailure(`expected "${NAME}:<path>"`, 0);
      const offset = NAME.length + 1;
      if (split.rest === '') return parseFailure('empty path', offset);
      const nul = split.rest.indexOf('\u0000');
      if (nul >= 0) return parseFailure('NUL character in path', offset + nul);
      if (split.rest.endsWith('/'))
        return parseFailure('the path names a folder, not a file', offset + split.rest.length - 1);
      return parsed({ path: split.rest });
    },

    format: (target) => `${NAME}:${target.path}`,

    // TODO (your technology): deliver the message; never throw for a failed delivery.
    async send(request): Promise<TechSendOutcome> {
      if (closed)
        return { status: 'FAILURE', reason: 'TECH_CLOSED', detail: 'the file technology is closed' };
      const { message } = request;
      const record: FileRecord = { at: new Date().toISOString(), body: message.body };
      const from = request.from ?? message.from;
      const to = request.to ?? message.to;
      if (from !== undefined) record.from = from;
      if (to !== undefined) record.to = to;
      if (message.contentType !== undefined) record.contentType = message.contentType;
      if (message.data !== undefined) record.data = message.data;
      const line = `${JSON.stringify(record)}\n`;
      if (request.dryRun) return { status: 'SUCCESS', preview: line };
      const path = isAbsolute(request.target.path)
        ? request.target.path
        : resolve(baseDir, request.target.path);
      try {
        await appendFile(path, line, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        return {
          status: 'FAILURE',
          reason: 'FILE_WRITE_FAILED',
          detail: `cannot append to ${path}: ${code}`,
        };
      }
      return { status: 'SUCCESS', delivery: Promise.resolve({ outcome: 'delivered', detail: path }) };
    },

    attach(h) {
      host = h;
    },

    async start() {
      if (closed || timer || options.inboxDir === undefined) return;
      timer = setInterval(() => {
        poll().catch((error: unknown) => host?.logger.error('file inbox poll failed', { error }));
      }, options.pollMs ?? 1000);
      timer.unref();
      await poll();
    },

    poll,

    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await polling?.catch(() => {});
    },
  };
}
