import { describe, expect, it } from 'vitest';
import { parseXmppConf, xmpp } from '../src/index.js';

describe('parseXmppConf', () => {
  it('reads client accounts and [general]; reports components, incomplete clients and unknown options', () => {
    const { config, warnings } = parseXmppConf(
      `[general]
debug=no
autoprune=no

[asterisk]
type=client
serverhost=talk.example.org
port=5223
username=pbx@example.org/office
secret=s3cret
usetls=yes
usesasl=yes
priority=5
status=dnd
statusmessage="I am available"
keepalive=yes
context=xmpp-in
sendtodialplan=yes
buddy=bob@example.org
frobnicate=1

[comp]
type=component

[nosecret]
type=client
username=x@example.org
`,
      { file: 'xmpp.conf' },
    );
    expect(config.general).toEqual({ debug: 'no', autoprune: 'no' });
    expect(config.accounts).toEqual({
      asterisk: {
        username: 'pbx@example.org/office',
        secret: 's3cret',
        serverHost: 'talk.example.org',
        port: 5223,
        useTls: true,
        useSasl: true,
        priority: 5,
        status: 'dnd',
        statusMessage: '"I am available"',
        keepAlive: true,
        context: 'xmpp-in',
        sendToDialplan: true,
      },
    });
    expect(warnings).toEqual([
      'xmpp.conf:20 [asterisk]: unknown client option "frobnicate" kept and ignored',
      'xmpp.conf:22 [comp]: type=component is not supported (client only); ignored',
      'xmpp.conf:25 [nosecret]: a client needs username= and secret=; not loaded (as in Asterisk)',
    ]);
  });

  it.each([
    ['[a]\ntype=client\nusername=not a jid\nsecret=x\n', /not a JID/],
    ['[a]\ntype=client\nusername=a@b\nsecret=x\nport=99999\n', /port/],
    ['[a]\ntype=client\nusername=a@b\nsecret=x\nusetls=maybe\n', /yes or no/],
  ])('%j is an error naming the section', (text, message) => {
    expect(() => parseXmppConf(text, { file: 'xmpp.conf' })).toThrow(message);
  });

  it('the account name in from is matched case-insensitively; the JID resource defaults to messagesend', async () => {
    const tech = xmpp({ config: '[Office]\ntype=client\nusername=pbx@example.org\nsecret=x\n' });
    const target = tech.parse('xmpp:bob@example.org');
    if (!target.ok) throw new Error('parse');
    const result = await tech.send(
      {
        destination: 'xmpp:bob@example.org',
        target: target.value,
        message: { body: 'x' },
        from: 'xmpp:oFFice',
        dryRun: true,
      },
      { signal: new AbortController().signal, timeoutMs: 1000, logger: console },
    );
    expect(result.preview).toContain('from="pbx@example.org/messagesend"');
  });
});
