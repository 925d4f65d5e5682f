import { createRouter } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

// Issue 14: chan_sip rules checked against channels/chan_sip.c (20.x), each as a dry-run table.
const conf = `
[general]
bindaddr=127.0.0.1
bindport=5070
callerid=asterisk

[onlyuser]
type=user
callerid="Only User" <1111>

[onlypeer]
type=peer
host=127.0.0.3
callerid="Only Peer" <2222>

[both]
type=friend
host=127.0.0.4
callerid="Both" <3333>

[phones]
type=peer
host=127.0.0.5
usereqphone=yes
`;
const router = createRouter({ techs: [sip({ config: conf })] });
const dry = (destination: string, from?: string) =>
  router.send(destination, { body: 'hi' }, { dryRun: true, ...(from === undefined ? {} : { from }) });
const line = (preview: string | undefined, name: string) =>
  preview
    ?.split('\r\n')
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 2);
const requestLine = (preview: string | undefined) => preview?.split('\r\n')[0];

describe('peers and users are looked up as chan_sip does (sip_msg_send, create_addr)', () => {
  it.each([
    // [from argument, From sent]: sip_find_peer(from, FINDUSERS) finds type=user and friend only
    ['onlyuser', '"Only User" <sip:1111@127.0.0.1:5070>'],
    ['both', '"Both" <sip:3333@127.0.0.1:5070>'],
    ['onlypeer', '"onlypeer" <sip:asterisk@127.0.0.1:5070>'],
  ])('from %s gives %s', async (from, expected) => {
    const result = await dry('sip:bob@127.0.0.2', from);
    expect(line(result.preview, 'From')?.split(';tag=')[0]).toBe(expected);
  });

  it.each([
    // [destination, Request-URI]: create_addr uses FINDPEERS, so type=peer and friend only
    ['sip:onlypeer', 'sip:127.0.0.3'],
    ['sip:bob@both', 'sip:bob@127.0.0.4'],
    ['sip:bob@onlyuser', 'sip:bob@onlyuser'],
  ])('%s is sent to %s', async (destination, uri) => {
    const result = await dry(destination);
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(requestLine(result.preview)).toBe(`MESSAGE ${uri} SIP/2.0`);
  });
});

describe('usereqphone (initreqprep: an optional + then only 0-9; an empty user too)', () => {
  it.each([
    ['sip:5551234@phones', 'sip:5551234@127.0.0.5;user=phone'],
    ['sip:+15551234@phones', 'sip:+15551234@127.0.0.5;user=phone'],
    ['sip:phones', 'sip:127.0.0.5;user=phone'],
    ['sip:*98@phones', 'sip:*98@127.0.0.5'],
    ['sip:%2398@phones', 'sip:%252398@127.0.0.5'],
    ['sip:12A@phones', 'sip:12A@127.0.0.5'],
  ])('%s gives %s', async (destination, uri) => {
    expect(requestLine((await dry(destination)).preview)).toBe(`MESSAGE ${uri} SIP/2.0`);
  });
});

describe('pedantic escaping, scheme-less <>, empty fromuser', () => {
  it.each([
    ['sip:#1@127.0.0.2', 'sip:%231@127.0.0.2'],
    ['sip:<bob@127.0.0.2>', 'sip:bob@127.0.0.2'],
    ['sip:"Bob" <bob@127.0.0.2:5062>', 'sip:bob@127.0.0.2:5062'],
    ['sip:<127.0.0.2>', 'sip:127.0.0.2'],
  ])('%s gives %s', async (destination, uri) => {
    const result = await dry(destination);
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(requestLine(result.preview)).toBe(`MESSAGE ${uri} SIP/2.0`);
  });

  it.each(['sip:<>', 'sip:<bob@>', 'sip:<bob@exa mple.com>'])(
    '%j is still INVALID_URI',
    async (destination) => {
      expect((await dry(destination)).status).toBe('INVALID_URI');
    },
  );

  it.each([
    // a From URI without a user: fromuser is empty, so initreqprep uses [general] callerid
    ['"Desk" <sip:example.org>', '"Desk" <sip:asterisk@example.org:5070>'],
    ['<sip:example.org>', '"asterisk" <sip:asterisk@example.org:5070>'],
    // ast_callerid_parse: the last <, a missing > tolerated; an empty location takes the name's place
    ['"Bob" <>', '"asterisk" <sip:Bob@127.0.0.1:5070>'],
    ['<>', '"asterisk" <sip:asterisk@127.0.0.1:5070>'],
    ['"Carol" <sip:carol@example.org', '"Carol" <sip:carol@example.org:5070>'],
    ['Dave <1234>', '"Dave" <sip:1234@127.0.0.1:5070>'],
    ['"E \\"x\\"" <sip:e@example.org>', '"E \\"x\\"" <sip:e@example.org:5070>'],
  ])('from %j gives %s', async (from, expected) => {
    const result = await dry('sip:bob@127.0.0.2', from);
    expect(line(result.preview, 'From')?.split(';tag=')[0]).toBe(expected);
  });
});

describe('bindaddr=0.0.0.0: the From host is a real local address, never 0.0.0.0', () => {
  it('in the dry run and explain', async () => {
    const tech = sip({ config: '[general]\nbindaddr=0.0.0.0\nbindport=5070\n' });
    const own = createRouter({ techs: [tech] });
    const result = await own.send('sip:bob@192.0.2.10', { body: 'x' }, { dryRun: true });
    expect(result.preview).not.toContain('0.0.0.0');
    const host = /@([^:>]+)/.exec(line(result.preview, 'From') ?? '')?.[1];
    expect(line(result.preview, 'Via')).toMatch(
      new RegExp(`^SIP/2\\.0/UDP ${host?.replace(/\./g, '\\.')}:5070;`),
    );
    const explained = tech.explain('sip:bob@192.0.2.10');
    expect(explained.ok && explained.preview).not.toContain('0.0.0.0');
  });
});
