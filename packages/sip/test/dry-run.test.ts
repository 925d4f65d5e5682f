import { createRouter } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { parseSipConf, sip } from '../src/index.js';

const conf = `
[general]
bindaddr=127.0.0.1
bindport=5070
callerid=asterisk

[fred]
type=friend
host=127.0.0.1
callerid="Johnny Appleseed" <9876>

[user2]
type=peer
host=127.0.0.1
port=5062
username=user2
secret=blah
usereqphone=yes

[branded]
type=peer
host=gw.example.com
fromuser=brand
fromdomain=brand.example.com

[phone]
type=friend
host=dynamic
secret=s3cret
`;
const router = createRouter({ techs: [sip({ config: conf })] });
const dry = (
  destination: string,
  options: { from?: string; to?: string } = {},
  message: Record<string, unknown> = {},
) => router.send(destination, { body: 'hi', ...message }, { ...options, dryRun: true });
const line = (preview: string | undefined, name: string) =>
  preview
    ?.split('\r\n')
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 2);

describe('sip: destination and Request-URI (R3.1-R3.3)', () => {
  it.each([
    ['sip:user@127.0.0.1:5062', 'sip:user@127.0.0.1:5062'],
    ['sip:<sip:user@127.0.0.1:5062;transport=tcp>', 'sip:user@127.0.0.1:5062'],
    ['SIP:bob@example.com', 'sip:bob@example.com'],
    ['sip:bob@example.com?Subject=x', 'sip:bob@example.com'],
    ['sip:user2', 'sip:user2@127.0.0.1:5062'],
    ['sip:4000@user2', 'sip:4000@127.0.0.1:5062;user=phone'],
    ['sip:fred', 'sip:127.0.0.1'],
  ])('%s gives Request-URI and To %s', async (destination, uri) => {
    const result = await dry(destination);
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(result.preview?.split('\r\n')[0]).toBe(`MESSAGE ${uri} SIP/2.0`);
    expect(line(result.preview, 'To')).toBe(`<${uri}>`);
    expect(line(result.preview, 'Contact')).toBeUndefined();
  });

  it.each(['sip:bob@', 'sip:', 'sip:bob@exa mple.com', 'sip:<sip:bob@h', 'sip:bob@h:99999'])(
    '%j is INVALID_URI',
    async (destination) => {
      expect((await dry(destination)).status).toBe('INVALID_URI');
    },
  );

  it('a purely numeric non-peer host, a dynamic unregistered peer: FAILURE with their own reasons', async () => {
    expect(await dry('sip:bob@12345')).toMatchObject({ status: 'FAILURE', reason: 'CHAN_SIP_NUMERIC_HOST' });
    expect(await dry('sip:phone')).toMatchObject({
      status: 'FAILURE',
      reason: 'CHAN_SIP_PEER_NOT_REGISTERED',
    });
  });

  it('the to argument is ignored with a warning; Request-URI data applies to non-peer destinations only', async () => {
    const ignored = await dry('sip:bob@example.com', { to: 'sip:other@x' });
    expect(line(ignored.preview, 'To')).toBe('<sip:bob@example.com>');
    expect(ignored.warnings.join()).toContain('to argument is ignored');
    const overridden = await dry(
      'sip:bob@example.com',
      {},
      { data: { 'Request-URI': 'sip:carol@example.com' } },
    );
    expect(overridden.preview?.split('\r\n')[0]).toBe('MESSAGE sip:carol@example.com SIP/2.0');
    const peer = await dry('sip:user2', {}, { data: { 'Request-URI': 'sip:carol@example.com' } });
    expect(peer.preview?.split('\r\n')[0]).toBe('MESSAGE sip:user2@127.0.0.1:5062 SIP/2.0');
  });
});

describe('sip: From (R3.4, testsuite message_unauth_from)', () => {
  it.each([
    ['fred', '"Johnny Appleseed" <sip:9876@127.0.0.1:5070>'],
    ['unknown_user', '"unknown_user" <sip:asterisk@127.0.0.1:5070>'],
    [undefined, '"asterisk" <sip:asterisk@127.0.0.1:5070>'],
    ['"Anonymous" <sip:anonymous@invalid>', '"Anonymous" <sip:anonymous@invalid:5070>'],
    ['"The Goober" <sip:3829@127.0.0.1:5099>', '"The Goober" <sip:3829@127.0.0.1:5070>'],
    ['<sip:6719@127.0.0.1>', '"asterisk" <sip:6719@127.0.0.1:5070>'],
    [' fred', '" fred" <sip:asterisk@127.0.0.1:5070>'],
  ])('from %j gives %s', async (from, expected) => {
    const result = await dry('sip:user@127.0.0.1:5062', from === undefined ? {} : { from });
    expect(line(result.preview, 'From')).toMatch(
      new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};tag=`),
    );
  });

  it("a destination peer's fromuser and fromdomain are applied last; message.from is ignored", async () => {
    const result = await dry('sip:branded', { from: 'fred' }, { from: 'sip:ignored@x' });
    expect(line(result.preview, 'From')).toMatch(
      /^"Johnny Appleseed" <sip:brand@brand\.example\.com:5070>;tag=/,
    );
    const onlyMessage = await dry('sip:bob@example.com', {}, { from: 'sip:ignored@x' });
    expect(onlyMessage.warnings.join()).toContain('message.from is ignored');
  });
});

describe('sip: headers (R3.5)', () => {
  it('Content-Type is used verbatim, default text/plain;charset=UTF-8; blocked headers are not sent', async () => {
    expect(line((await dry('sip:bob@example.com')).preview, 'Content-Type')).toBe('text/plain;charset=UTF-8');
    const custom = await dry(
      'sip:bob@example.com',
      {},
      { data: { 'Content-Type': 'application/json; charset=utf-8', 'X-A': '1', Via: 'x' } },
    );
    expect(line(custom.preview, 'Content-Type')).toBe('application/json; charset=utf-8');
    expect(line(custom.preview, 'X-A')).toBe('1');
    expect(custom.warnings.join()).toContain('"Via"');
  });

  it('Max-Forwards is value-1 (1 is sent as 0); below 1 or not a number is FAILURE and nothing is sent', async () => {
    expect(line((await dry('sip:bob@example.com')).preview, 'Max-Forwards')).toBe('70');
    expect(
      line((await dry('sip:bob@example.com', {}, { data: { 'Max-Forwards': '1' } })).preview, 'Max-Forwards'),
    ).toBe('0');
    for (const value of ['0', '-3', 'x']) {
      expect(await dry('sip:bob@example.com', {}, { data: { 'Max-Forwards': value } })).toMatchObject({
        status: 'FAILURE',
        reason: 'CHAN_SIP_MAX_FORWARDS_EXHAUSTED',
      });
    }
  });
});

describe('parseSipConf', () => {
  it('reads general, peers and [authentication]; warns about the unknown', () => {
    const { config, warnings } = parseSipConf(
      `${conf}\n[authentication]\nauth=bob:pw@example.com\n[odd]\ntype=peer\nhost=h\nfrobnicate=1\n[notype]\nhost=x\n`,
      { file: 'sip.conf' },
    );
    expect(config.general).toMatchObject({ bindAddr: '127.0.0.1', bindPort: 5070, callerId: 'asterisk' });
    expect(config.peers?.user2).toEqual({
      type: 'peer',
      host: '127.0.0.1',
      port: 5062,
      username: 'user2',
      secret: 'blah',
      useReqPhone: true,
    });
    expect(config.authentication).toEqual([{ user: 'bob', secret: 'pw', realm: 'example.com' }]);
    // Two about unknown things, and the security warning for fred (a friend without secret=).
    expect(warnings.filter((w) => !w.includes('no secret='))).toHaveLength(2);
    expect(warnings.filter((w) => w.includes('no secret='))).toEqual([
      expect.stringMatching(/^sip\.conf:\d+ \[fred\]: friend "fred" has no secret=/),
    ]);
    // A peer that fails to apply is skipped with a warning naming the line; the rest loads.
    const broken = parseSipConf('[p]\ntype=peer\nport=abc\n[q]\ntype=peer\nhost=h\n', { file: 'sip.conf' });
    expect(broken.warnings).toContainEqual(
      expect.stringMatching(/^sip\.conf:1 \[p\]: section skipped: .*sip\.conf:3/),
    );
    expect(Object.keys(broken.config.peers ?? {})).toEqual(['q']);
  });
});
