// The compliance kit under node:test, against the built package (run `npm run build` first):
//   node --test test-node/compliance.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { techComplianceSuite } from '@messagesend/core/testing';
import file from '../dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'messagesend-file-'));

techComplianceSuite(
  { describe, it },
  {
    create: () => file({ baseDir: dir }),
    valid: ['file:out.jsonl', `file:${join(dir, 'abs.jsonl')}`, 'FILE:upper.jsonl'],
    invalid: ['file:', 'file:folder/', 'file:a\u0000b'],
    deliverable: { destination: 'file:out.jsonl', message: { body: 'hello' } },
    undeliverable: { destination: 'file:no-such-folder/out.jsonl', message: { body: 'hello' } },
  },
);
