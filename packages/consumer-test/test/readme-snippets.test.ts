import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ProsodyPeer,
  runningPeers,
  type SippPeer,
  startProsody,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The code snippets of the READMEs, run as a user pastes them: each js block is written to a file
// beside this package's node_modules (so its imports resolve to the workspace packages) and run
// with node; only what cannot exist here is replaced (/etc/asterisk paths by a temporary folder,
// example hosts by a real SIPp or Prosody). A snippet that throws, or whose output differs from
// what its comment says, fails; so does a new snippet until it gets a runner below.

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RUN_DIR = fileURLToPath(new URL('../.snippets', import.meta.url));

interface Snippet {
  id: string;
  lang: string;
  code: string;
}

function readmeSnippets(): Snippet[] {
  const readmes = ['packages', 'examples'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .map((name) => join(dir, name, 'README.md'))
      .filter((path) => existsSync(join(ROOT, path))),
  );
  return ['README.md', ...readmes].flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return [...text.matchAll(/```(js|ts)\n([\s\S]*?)```/g)].map((match, index) => ({
      id: `${file}#${index + 1}`,
      lang: match[1]!,
      code: match[2]!,
    }));
  });
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `code` as an ES module (or CommonJS for a `require` one-liner) with node. A snippet that
 * keeps listening (router.start()) is stopped once `until` matches its output, or after 20 s.
 */
function runSnippet(
  name: string,
  code: string,
  options: { until?: RegExp; cwd?: string } = {},
): Promise<Ran> {
  const dir = options.cwd ? join(options.cwd, '.snippets') : RUN_DIR;
  mkdirSync(dir, { recursive: true });
  const commonJs = /\brequire\(/.test(code) && !/\bimport\b/.test(code);
  const file = join(dir, `${name}.${commonJs ? 'cjs' : 'mjs'}`);
  writeFileSync(file, code);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd: options.cwd ?? RUN_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout, stderr });
    });
  });
}

const replaceAll = (code: string, pairs: [string, string][]): string =>
  pairs.reduce((text, [from, to]) => {
    expect(text, `the snippet no longer contains ${from}`).toContain(from);
    return text.split(from).join(to);
  }, code);

let sipp: SippPeer;
let prosody: ProsodyPeer;
let etc: string;

beforeAll(async () => {
  sipp = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  prosody = await startProsody({
    users: [
      { name: 'asterisk', password: 'asterisk-pw' },
      { name: 'bob', password: 'bob-pw' },
    ],
  });
  etc = mkdtempSync(join(tmpdir(), 'messagesend-snippets-etc-'));
  writeFileSync(
    join(etc, 'pjsip.conf'),
    `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[alice]\ntype=endpoint\naors=alice\n\n[alice]\ntype=aor\ncontact=${sipp.uri('alice')}\n`,
  );
  writeFileSync(
    join(etc, 'sip.conf'),
    `[general]\nbindaddr=127.0.0.1\nbindport=0\n\n[user2]\ntype=peer\nhost=127.0.0.1\nport=${sipp.port}\n\n[fred]\ntype=user\nfromuser=fred\n`,
  );
  writeFileSync(
    join(etc, 'xmpp.conf'),
    `[asterisk]\ntype=client\nserverhost=${prosody.host}\nport=${prosody.port}\nusername=${prosody.jid('asterisk')}\nsecret=asterisk-pw\nusetls=no\nsendtodialplan=yes\n`,
  );
}, 60_000);

afterAll(async () => {
  await sipp?.stop();
  await prosody?.stop();
  expect(runningPeers()).toEqual([]);
});

/** How each snippet is run, by README and position; `check` asserts on what it printed. */
const RUNNERS: Record<string, (snippet: Snippet) => Promise<void>> = {
  'README.md#1': async ({ code }) => {
    // The router with no technology yet: the send is INVALID_PROTOCOL and its report settles.
    const ran = await runSnippet('root-1', `${code}\nconsole.log('status', result.status);`);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toContain('status INVALID_PROTOCOL');
  },
  'packages/core/README.md#1': requireOneLiner('createRouter'),
  'packages/core/README.md#2': async ({ code }) => {
    const ran = await runSnippet('core-2', code);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toContain('SUCCESS delivered');
  },
  'packages/core/README.md#3': async ({ code }) => {
    // TypeScript: the type annotations go, `text` is given an http.conf.
    const js = code
      .replace('const warnings: string[] = [];', 'const warnings = [];')
      .replace('conf.sections[0]!', 'conf.sections[0]');
    const ran = await runSnippet(
      'core-3',
      `const text = '[general]\\nprefix=ari\\nbind=127.0.0.1\\ntlsenable=yes\\n';\n${js}\nconsole.log(JSON.stringify({ general, warnings }));`,
    );
    expect(ran.stderr).toBe('');
    const printed = JSON.parse(ran.stdout) as { general: Record<string, unknown>; warnings: string[] };
    expect(printed.general).toMatchObject({ bindport: 8088, bindAddress: '127.0.0.1', prefix: 'ari' });
    expect(printed.warnings.join('\n')).toContain('tlsenable');
  },
  'packages/dialplan/README.md#1': async ({ code }) => {
    const ran = await dialplanRun(
      'dialplan-1',
      replaceAll(code, [
        ['/etc/asterisk/extensions.conf', join(etc, 'extensions.conf')],
        ['/* pjsip, xmpp, ... */', 'memory'],
      ]),
    );
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout.trim().split('\n').at(-1)!)).toEqual({
      disposition: 'accepted',
      sent: [['memory:bob', 'via the dialplan']],
    });
  },
  'packages/dialplan/README.md#2': async ({ code }) => {
    const setup = `import { createRouter } from '@messagesend/core';
import { createDialplanRunner, loadDialplanFile } from '@messagesend/dialplan';
const router = createRouter({ techs: [memory] });
const { dialplan } = loadDialplanFile(${JSON.stringify(join(etc, 'extensions.conf'))});
const runner = createDialplanRunner({ dialplan, send: (d, m, o) => router.send(d, m, o) });
const routeOf = (m) => (m.tech === 'memory' ? { context: 'messages', exten: '1000' } : undefined);`;
    const ran = await dialplanRun('dialplan-2', `${setup}\n${code}`);
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout.trim())).toEqual({
      disposition: 'accepted',
      sent: [['memory:bob', 'via the dialplan']],
    });
  },
  'packages/pjsip/README.md#1': requireOneLiner('default'),
  'packages/pjsip/README.md#2': async ({ code }) => {
    const ran = await runSnippet('pjsip-2', replaceAll(code, [['/etc/asterisk/', `${etc}/`]]), {
      until: /SUCCESS .*delivered/s,
    });
    expect(ran.stdout).toMatch(/SUCCESS \{[\s\S]*outcome: 'delivered'[\s\S]*code: 202/);
    expect(ran.stderr).toBe('');
  },
  'packages/sip/README.md#1': requireOneLiner('default'),
  'packages/sip/README.md#2': async ({ code }) => {
    const ran = await runSnippet('sip-2', replaceAll(code, [['/etc/asterisk/', `${etc}/`]]), {
      until: /SUCCESS .*delivered/s,
    });
    expect(ran.stdout).toMatch(/SUCCESS \{[\s\S]*outcome: 'delivered'/);
    expect(ran.stderr).toBe('');
  },
  'packages/xmpp/README.md#1': requireOneLiner('default'),
  'packages/xmpp/README.md#2': async ({ code }) => {
    const ran = await runSnippet(
      'xmpp-2',
      replaceAll(code, [
        ['/etc/asterisk/', `${etc}/`],
        ['xmpp:bob@example.org', `xmpp:${prosody.jid('bob')}`],
      ]),
      { until: /SUCCESS .*delivered/s },
    );
    expect(ran.stdout).toMatch(/SUCCESS \{[\s\S]*outcome: 'delivered'/);
  },
  'packages/sip-ua/README.md#1': requireOneLiner('startSipStack'),
  'packages/sip-ua/README.md#2': async ({ code }) => {
    const ran = await runSnippet(
      'sip-ua-2',
      replaceAll(code, [
        ["host: '0.0.0.0', port: 5060", "host: '127.0.0.1', port: 0"],
        ["requestUri: 'sip:bob@example.com'", `requestUri: '${sipp.uri('bob')}'`],
      ]),
    );
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toMatch(/ok: true/);
    expect(ran.stdout).toMatch(/outcome: 'delivered'[\s\S]*code: 202/);
  },
  'packages/sip-ua/README.md#3': async ({ code }) => {
    const ran = await runSnippet(
      'sip-ua-3',
      `import { startSipStack } from '@messagesend/sip-ua';\n${code}\nconsole.log(JSON.stringify(stack.stats()));\nawait stack.close();`,
    );
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toMatchObject({ received: 0, answered: 0, dropped: 0 });
  },
  'examples/plugin-template/README.md#1': async ({ code }) => {
    const base = mkdtempSync(join(tmpdir(), 'messagesend-snippets-file-'));
    const ran = await runSnippet(
      'template-1',
      replaceAll(code, [["'/var/log/messages'", JSON.stringify(base)]]),
      {
        cwd: fileURLToPath(new URL('../../../examples/plugin-template', import.meta.url)),
        until: /SUCCESS/,
      },
    );
    expect(ran.stdout).toContain('SUCCESS');
    expect(JSON.parse(readFileSync(join(base, 'outbox.jsonl'), 'utf8').trim()).body).toBe('hello');
  },
};

/** The dialplan README's snippets: a memory technology stands in for pjsip/xmpp, and a message is received. */
function dialplanRun(name: string, body: string) {
  const conf = join(etc, 'extensions.conf');
  writeFileSync(conf, '[messages]\nexten => 1000,1,MessageSend(memory:bob)\n same => n,Hangup()\n');
  return runSnippet(
    name,
    `import { memoryTech } from '@messagesend/core/testing';
const memory = memoryTech();
${body}
const disposition = await memory.receive({ body: 'via the dialplan', from: 'alice', destination: 'memory:alice' });
await runner.idle();
console.log(JSON.stringify({ disposition, sent: memory.sent.map((s) => [s.destination, s.message.body]) }));
await router.close();`,
  );
}

function requireOneLiner(name: string) {
  return async ({ code, id }: Snippet) => {
    const exported = /const \{ (?:default: )?(\w+) \}/.exec(code)![1]!;
    const ran = await runSnippet(
      `require-${id.replace(/\W+/g, '-')}`,
      `${code}\nconsole.log(typeof ${exported});`,
    );
    expect(ran.stderr, `${id}: ${name}`).toBe('');
    expect(ran.stdout.trim()).toBe('function');
  };
}

const snippets = readmeSnippets();

describe('README snippets', () => {
  it('every js/ts snippet of every README has a runner here', () => {
    expect(snippets.map((snippet) => snippet.id).filter((id) => !(id in RUNNERS))).toEqual([]);
  });
  for (const snippet of snippets.filter((s) => s.id in RUNNERS)) {
    it(`${snippet.id} runs as written`, () => RUNNERS[snippet.id]!(snippet), 40_000);
  }
});
