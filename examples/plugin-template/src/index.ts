import { appendFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  type MessageTech,
  parsed,
  parseFailure,
  splitDestination,
  TECH_API_VERSION,
  type TechSendOutcome,
} from '@messagesend/core';

// TODO (your technology): pick the prefix users will type before the ":".
const NAME = 'file';

export interface FileTechOptions {
  /** Folder that relative paths are resolved against (default: the current directory). */
  baseDir?: string;
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
export default function file(options: FileTechOptions = {}): MessageTech<FileTarget> {
  const baseDir = options.baseDir ?? process.cwd();
  let closed = false;

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

    async close() {
      closed = true;
    },
  };
}
