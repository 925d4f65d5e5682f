/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  type ProsodyPeer,
  pollUntil,
  registerScenario,
  runSippUac,
  type SippPeer,
  sendSippMessage,
  startProsody,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';
import { type Client, client, xml } from '@xmpp/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ARI_PASSWORD, ARI_USER, makeConfigDir, type ServeProcess, startServe } from './serve-harness.js';

type Element = ReturnType<typeof xml>;

// The message dialplan end to end: `messagesend serve` reads extensions.conf from its config
// folder and routes SIP MESSAGEs and XMPP chats through it, with real SIPp and Prosody peers.
const EXTENSIONS = `
[messages]
exten => 1000,1,NoOp(to bob over xmpp)
 same => n,MessageSend(xmpp:bob@localhost,xmpp:asterisk)
 same => n,Hangup()

exten => 2000,1,MessageSend(pjsip:offline)
 same => n,GotoIf($["\${MESSAGE_SEND_STATUS}" != "SUCCESS"]?failed)
 same => n,Hangup()
 same => n(failed),Set(MESSAGE(body)=undelivered (\${MESSAGE_SEND_STATUS}): \${MESSAGE(body)})
 same => n,MessageSend(pjsip:watch)

exten => 3000,1,NoOp(spin)
 same => n,Goto(3000,1)

exten => 4000,1,Set(MESSAGE_DATA(X-Echo)=\${MESSAGE(body)})
 same => n,MessageSend(pjsip:watch)

exten => 5000,1,Dial(PJSIP/nobody)

[fromxmpp]
exten => s,1,Set(BUDDY=\${MESSAGE_DATA(XMPP_BUDDY)})
 same => n,MessageSend(pjsip:\${CUT(BUDDY,@,1)})
 same => n,Verbose(1,xmpp forward to \${CUT(BUDDY,@,1)}: \${MESSAGE_SEND_STATUS})
`;

let prosody: ProsodyPeer;
let serve: ServeProcess;
let uas: SippPeer;
let bob: Client;
let chanSipPort: number;
const bobInbox: Element[] = [];

/** A SIPp UAC sends one MESSAGE as alice to `exten`; the gateway must answer `expect`. */
async function messageIn(
  exten: string,
  body: string,
  expect: number,
  headers: string[] = [],
  port = serve.sipPort,
) {
  return sendSippMessage({
    target: `127.0.0.1:${port}`,
    to: `sip:${exten}@127.0.0.1:${port}`,
    from: '<sip:alice@127.0.0.1>',
    headers,
    body,
    expect,
  });
}

const until = <T>(what: string, check: () => T | undefined) =>
  pollUntil(what, check, { timeoutMs: 15_000, intervalMs: 50, detail: () => serve.process.output() });

// chan_sip passes the body as received, trailing line break included (R3.8): compare trimmed.
const bobGot = (text: string) =>
  bobInbox.find((stanza) => stanza.getChildText('body')?.trim() === text) ?? undefined;

beforeAll(async () => {
  prosody = await startProsody({
    users: [
      { name: 'asterisk', password: 'asterisk-xmpp-pw' },
      { name: 'bob', password: 'bob-xmpp-pw' },
    ],
  });
  uas = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }]),
  });
  const config = await makeConfigDir(
    [
      // alice's messages go to [messages]; exten is the Request-URI user.
      '[alice]\ntype=endpoint\naors=alice\nmessage_context=messages\n\n[alice]\ntype=aor\nmax_contacts=1\n',
      // An endpoint nobody can reach: no contact.
      '[offline]\ntype=endpoint\naors=offline\n\n[offline]\ntype=aor\nmax_contacts=1\n',
      // The failure branch's witness: a static contact on the SIPp UAS.
      `[watch]\ntype=endpoint\naors=watch\n\n[watch]\ntype=aor\ncontact=${uas.uri('watch')}\n`,
      // bob's SIP phone, which registers (the XMPP-to-SIP forward).
      '[bob]\ntype=endpoint\naors=bob\n\n[bob]\ntype=aor\nmax_contacts=1\n',
    ].join('\n'),
  );
  writeFileSync(
    join(config.dir, 'xmpp.conf'),
    `[asterisk]\ntype=client\nserverhost=127.0.0.1\nport=${prosody.port}\nusername=asterisk@${prosody.domain}\nsecret=asterisk-xmpp-pw\nusetls=no\nsendtodialplan=yes\ncontext=fromxmpp\n`,
  );
  // chan_sip beside pjsip: the SIPp host is peer `desk` (by source address), whose messagecontext
  // leads to the same [messages] context.
  chanSipPort = await freePort('127.0.0.1');
  writeFileSync(
    join(config.dir, 'sip.conf'),
    `[general]\nbindaddr=127.0.0.1\nbindport=${chanSipPort}\ncontext=calls\n\n[desk]\ntype=peer\nhost=127.0.0.1\ncontext=calls\nmessagecontext=messages\n`,
  );
  writeFileSync(join(config.dir, 'extensions.conf'), EXTENSIONS);
  serve = await startServe(config);

  bob = client({
    service: prosody.service,
    domain: prosody.domain,
    username: 'bob',
    password: 'bob-xmpp-pw',
    resource: 'test',
  });
  bob.on('error', () => {});
  bob.on('stanza', (stanza) => {
    if (stanza.is('message') && stanza.getChild('body')) bobInbox.push(stanza);
  });
  await bob.start();
  await bob.send(xml('presence'));
}, 60_000);

afterAll(async () => {
  await bob?.stop().catch(() => undefined);
  await serve?.process.stop();
  await uas?.stop();
  await prosody?.stop();
});

describe('messagesend serve with extensions.conf (subprocess, SIPp and Prosody)', () => {
  it('a SIP MESSAGE to 1000@ is forwarded by MessageSend(xmpp:bob@localhost,xmpp:asterisk) to bob', async () => {
    const sent = await messageIn('1000', 'hello bob from sip', 202);
    expect(sent.exit.code, sent.output).toBe(0);
    const stanza = await until('bob to get the forward', () => bobGot('hello bob from sip'));
    expect(String(stanza.attrs.from)).toMatch(/^asterisk@localhost(\/|$)/);
    expect(stanza.attrs.type).toBe('chat');
  }, 30_000);

  it('chan_sip: a MESSAGE from peer desk to 1000@ goes by its messagecontext to the same forward', async () => {
    const sent = await messageIn('1000', 'hello bob from chan_sip', 202, [], chanSipPort);
    expect(sent.exit.code, sent.output).toBe(0);
    await until('bob to get the chan_sip forward', () => bobGot('hello bob from chan_sip'));
    // An extension [messages] lacks is not taken here either: 404.
    const other = await messageIn('9999', 'nowhere', 404, [], chanSipPort);
    expect(other.exit.code, other.output).toBe(0);
  }, 30_000);

  it('MESSAGE_SEND_STATUS drives GotoIf to the failure branch when the target is unreachable', async () => {
    const sent = await messageIn('2000', 'are you there', 202, ['X-Ticket: 42']);
    expect(sent.exit.code, sent.output).toBe(0);
    const requests = await uas.waitForRequests(1, 15_000);
    const witness = requests.find((request) => request.firstLine.startsWith('MESSAGE sip:watch@'));
    expect(witness?.body).toContain('undelivered (FAILURE): are you there');
    // As Asterisk: a received header is readable but not re-sent unless written (marked outbound).
    expect(witness?.raw).not.toMatch(/X-Ticket/i);
  }, 30_000);

  it('a body with CR LF copied into a header by MESSAGE_DATA cannot inject a header line', async () => {
    const before = uas.requests().length;
    const sent = await messageIn('4000', 'first\r\nX-Injected: yes', 202);
    expect(sent.exit.code, sent.output).toBe(0);
    const requests = await uas.waitForRequests(before + 1, 15_000);
    const echoed = requests.slice(before).find((request) => /^X-Echo:/im.test(request.raw));
    const headers = echoed?.headers.map(([name]) => name.toLowerCase()) ?? [];
    expect(headers).toContain('x-echo');
    expect(headers).not.toContain('x-injected');
    expect(echoed?.headers.find(([name]) => name === 'X-Echo')?.[1]).toMatch(/^first\s*X-Injected: yes$/);
    expect(serve.process.hasExited).toBe(false);
  }, 30_000);

  it('an application we lack is reported at start with its file and line', () => {
    expect(serve.process.output()).toMatch(/extensions\.conf:\d+ \w+ .*Dial/);
  });

  it('as in Asterisk, a message the dialplan takes also reaches an ARI application subscribed to its endpoint', async () => {
    const socket = new WebSocket(
      `ws://127.0.0.1:${serve.httpPort}/ari/events?app=watcher&api_key=${ARI_USER}:${ARI_PASSWORD}`,
    );
    const events: Record<string, unknown>[] = [];
    socket.on('message', (data) => events.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    try {
      const subscribed = await fetch(
        `${serve.base}/ari/applications/watcher/subscription?eventSource=endpoint:PJSIP/alice`,
        { method: 'POST', headers: { authorization: serve.auth } },
      );
      expect(subscribed.status).toBe(200);
      const sent = await messageIn('1000', 'seen by both', 202);
      expect(sent.exit.code, sent.output).toBe(0);
      await until('bob to get it', () => bobGot('seen by both'));
      const event = await until('TextMessageReceived', () =>
        events.find((e) => e.type === 'TextMessageReceived'),
      );
      expect(event).toMatchObject({ application: 'watcher', message: { body: 'seen by both' } });
    } finally {
      socket.close();
    }
  }, 30_000);

  it('an extension the dialplan lacks falls through: nobody takes it, so 404', async () => {
    const sent = await messageIn('9999', 'to nowhere', 404);
    expect(sent.exit.code, sent.output).toBe(0);
  }, 30_000);

  it('a Goto loop is cut by the guard, and the next message is still processed', async () => {
    const looped = await messageIn('3000', 'spin forever', 202);
    expect(looped.exit.code, looped.output).toBe(0);
    await until('the loop guard to be logged', () =>
      /DIALPLAN_LOOP_GUARD/.test(serve.process.output()) ? true : undefined,
    );
    const next = await messageIn('1000', 'after the loop', 202);
    expect(next.exit.code, next.output).toBe(0);
    await until('bob to get the message after the loop', () => bobGot('after the loop'));
    expect(serve.process.hasExited).toBe(false);
  }, 30_000);

  it('an XMPP chat to the account is forwarded to bob’s registered SIP phone with MessageSend(pjsip:${CUT(...)})', async () => {
    const registered = await runSippUac({
      scenario: registerScenario({ aor: 'sip:bob@127.0.0.1', contact: uas.uri('bob'), expires: 300 }),
      target: `127.0.0.1:${serve.sipPort}`,
    });
    expect(registered.exit.code, registered.output).toBe(0);
    const before = uas.requests().length;
    await bob.send(
      xml(
        'message',
        { to: `asterisk@${prosody.domain}`, type: 'chat', id: 'x1' },
        xml('body', {}, 'hi phone'),
      ),
    );
    const requests = await uas.waitForRequests(before + 1, 8_000).catch((error) => {
      throw new Error(`${(error as Error).message}\n${serve.process.output()}`);
    });
    const forwarded = requests.find((request) => request.firstLine.startsWith('MESSAGE sip:bob@'));
    expect(forwarded?.body).toContain('hi phone');
  }, 30_000);
});
