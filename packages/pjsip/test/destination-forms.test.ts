import { createRouter } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { TESTSUITE_CONF, wire } from './helpers.js';

const router = createRouter({ techs: [pjsip({ config: TESTSUITE_CONF })] });
const dry = (
  destination: string,
  options: { from?: string; to?: string } = {},
  message: Record<string, unknown> = {},
) => router.send(destination, { body: 'hello', ...message }, { ...options, dryRun: true });

describe('destination forms (R2.2-R2.3, Asterisk testsuite message_destination_parsing)', () => {
  it.each([
    // [destination, Request-URI, To, From]
    ['pjsip:sipp', 'sip:127.0.0.2', '<sip:127.0.0.2>', '<sip:sipp@127.0.0.1>'],
    ['pjsip:sipp/sipp2', 'sip:harry@127.0.0.2:5061', '<sip:harry@127.0.0.2>', '<sip:sipp@127.0.0.1>'],
    ['pjsip:sipp@somedomain.com', 'sip:127.0.0.2', '<sip:127.0.0.2>', '<sip:sipp@127.0.0.1>'],
    [
      'pjsip:sipp/<sip:frank@127.0.0.2:5061>',
      'sip:frank@127.0.0.2:5061',
      '<sip:frank@127.0.0.2>',
      '<sip:sipp@127.0.0.1>',
    ],
    [
      'pjsip:sipp/"Frankie" <sip:frank@127.0.0.2:5061>',
      'sip:frank@127.0.0.2:5061',
      '"Frankie" <sip:frank@127.0.0.2>',
      '<sip:sipp@127.0.0.1>',
    ],
    [
      'pjsip:sipp/sip:frank@127.0.0.2:5061',
      'sip:frank@127.0.0.2:5061',
      '<sip:frank@127.0.0.2>',
      '<sip:sipp@127.0.0.1>',
    ],
    ['pjsip:sipp/127.0.0.2', 'sip:127.0.0.2', '<sip:127.0.0.2>', '<sip:sipp@127.0.0.1>'],
    [
      'pjsip:sipp/charlie@127.0.0.2',
      'sip:charlie@127.0.0.2',
      '<sip:charlie@127.0.0.2>',
      '<sip:sipp@127.0.0.1>',
    ],
    ['pjsip:sipp/127.0.0.2:5062', 'sip:127.0.0.2:5062', '<sip:127.0.0.2>', '<sip:sipp@127.0.0.1>'],
    [
      'pjsip:sipp/frank@127.0.0.2:5062',
      'sip:frank@127.0.0.2:5062',
      '<sip:frank@127.0.0.2>',
      '<sip:sipp@127.0.0.1>',
    ],
    [
      'pjsip:<sip:alice@127.0.0.2:5061>',
      'sip:alice@127.0.0.2:5061',
      '<sip:alice@127.0.0.2>',
      '<sip:default_endpoint@127.0.0.1>',
    ],
    [
      'pjsip:"Alice" <sip:alice@127.0.0.2:5061>',
      'sip:alice@127.0.0.2:5061',
      '"Alice" <sip:alice@127.0.0.2>',
      '<sip:default_endpoint@127.0.0.1>',
    ],
    [
      'pjsip:sip:alice@127.0.0.2:5062',
      'sip:alice@127.0.0.2:5062',
      '<sip:alice@127.0.0.2>',
      '<sip:default_endpoint@127.0.0.1>',
    ],
    [
      'pjsip:sips:bob@example.com',
      'sips:bob@example.com',
      '<sips:bob@example.com>',
      '<sip:default_endpoint@127.0.0.1>',
    ],
    ['pjsip:127.0.0.2:5062', 'sip:127.0.0.2:5062', '<sip:127.0.0.2>', '<sip:default_endpoint@127.0.0.1>'],
    [
      'pjsip:alice@127.0.0.2:5062',
      'sip:alice@127.0.0.2:5062',
      '<sip:alice@127.0.0.2>',
      '<sip:default_endpoint@127.0.0.1>',
    ],
    [
      'pjsip:example.com;transport=udp',
      'sip:example.com;transport=udp',
      '<sip:example.com>',
      '<sip:default_endpoint@127.0.0.1>',
    ],
    [
      'pjsip:PJSIP/8005551212@sipp',
      'sip:8005551212@127.0.0.2',
      '<sip:8005551212@127.0.0.2>',
      '<sip:sipp@127.0.0.1>',
    ],
    [
      'pjsip:PJSIP/8005551212@sipp_contact_user',
      'sip:8005551212@127.0.0.2:5061',
      '<sip:8005551212@127.0.0.2>',
      '<sip:sipp_contact_user@127.0.0.1>',
    ],
    // 2.3.7: scheme detection is case-sensitive; "SIP:bob@10.0.0.1" becomes user SIP, password bob
    // (the password is not sent: see "Differences from Asterisk").
    ['pjsip:SIP:bob@10.0.0.1', 'sip:SIP@10.0.0.1', '<sip:SIP@10.0.0.1>', '<sip:default_endpoint@127.0.0.1>'],
    ['PJSIP:sipp', 'sip:127.0.0.2', '<sip:127.0.0.2>', '<sip:sipp@127.0.0.1>'],
  ])('%s', async (destination, requestUri, to, from) => {
    const result = await dry(destination);
    expect(result.status, result.detail).toBe('SUCCESS');
    const request = wire(result.preview);
    expect(request.requestLine).toBe(`MESSAGE ${requestUri} SIP/2.0`);
    expect(request.header('To')).toBe(to);
    expect(request.header('From')).toMatch(
      new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};tag=[\\w-]+$`),
    );
  });

  it.each([
    ['pjsip:nobody/sip:x@127.0.0.1', 'PJSIP_UNKNOWN_ENDPOINT'],
    ['pjsip:PJSIP/user@sippppp', 'PJSIP_UNKNOWN_ENDPOINT'],
    ['pjsip:default_endpoint', 'PJSIP_NO_CONTACT'],
    ['pjsip:sipp/nobody-aor-here@127.0.0.1', 'SUCCESS'],
  ])('%s resolves to %s', async (destination, outcome) => {
    const result = await dry(destination);
    expect(result.status === 'SUCCESS' ? 'SUCCESS' : result.reason).toBe(outcome);
  });

  it('without the default endpoint, URI and host forms are FAILURE PJSIP_NO_DEFAULT_ENDPOINT', async () => {
    const bare = createRouter({ techs: [pjsip({ config: '[alice]\ntype=endpoint\n' })] });
    for (const destination of ['pjsip:sip:bob@127.0.0.1', 'pjsip:127.0.0.1', 'pjsip:bob@127.0.0.1']) {
      const result = await bare.send(destination, { body: '' }, { dryRun: true });
      expect(result).toMatchObject({ status: 'FAILURE', reason: 'PJSIP_NO_DEFAULT_ENDPOINT' });
      expect(result.detail).toContain('default_outbound_endpoint');
    }
  });

  it.each([
    'pjsip:',
    'pjsip',
    'pjsip:PJSIP/sippppp',
    'pjsip:PJSIP/sipp',
    'pjsip:PJSIP/a/b@sipp',
    'pjsip:sip:bob@',
    'pjsip:myhostsip:5060',
    'pjsip:sipp/"Bob" <sip:bob@',
    'pjsip:bad host',
    'pjsip:sipp/',
    'pjsip:/sip:a@h',
  ])('%j is INVALID_URI (decision 2)', async (destination) => {
    const result = await dry(destination);
    expect(result.status).toBe('INVALID_URI');
  });
});

describe('From and To (R2.6.2, R2.6.3, decisions 4 and 5)', () => {
  it.each([
    ['sip:user@127.0.0.1', '<sip:user@127.0.0.1>'], // testsuite message_from
    ['"test" <sip:test@localhost>', '"test" <sip:test@localhost>'], // testsuite message_from
    ['Alice <sip:alice@atlanta.com;transport=tcp>', '"Alice" <sip:alice@atlanta.com>'],
    ['sip:user0', '<sip:user0>'], // testsuite message_send_ami: From contains sip:user0
    ['alice', '<sip:alice@127.0.0.1>'],
    ['alice@atlanta.com', '<sip:alice@atlanta.com>'],
    ['alice@atlanta.com:5070', '<sip:alice@atlanta.com>'], // decision 4: a port, not a bracketed host
    ['  sip:padded@h', '<sip:padded@h>'],
  ])('from %j gives From %s', async (from, expected) => {
    const result = await dry('pjsip:sipp', { from });
    expect(wire(result.preview).header('From')).toMatch(
      new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};tag=`),
    );
  });

  it('a non-SIP From is a warning and leaves From as built', async () => {
    const result = await dry('pjsip:sipp', { from: 'tel:+15551234' });
    expect(result.status).toBe('SUCCESS');
    expect(wire(result.preview).header('From')).toMatch(/^<sip:sipp@127\.0\.0\.1>;tag=/);
    expect(result.warnings.join()).toContain("From address 'tel:+15551234' is not a valid SIP/SIPS URI");
  });

  it('the from argument wins over message.from, which is used when there is no argument', async () => {
    expect(
      wire((await dry('pjsip:sipp', { from: 'sip:arg@h' }, { from: 'sip:msg@h' })).preview).header('From'),
    ).toMatch(/^<sip:arg@h>/);
    expect(wire((await dry('pjsip:sipp', {}, { from: 'sip:msg@h' })).preview).header('From')).toMatch(
      /^<sip:msg@h>/,
    );
  });

  it.each([
    ['sip:ralph@somewhere.com', '<sip:ralph@somewhere.com>'], // testsuite message_send_ami
    ['"Bob" <sips:b@h:5070;foo=1>', '"Bob" <sip:b@h;foo=1>'], // the Request-URI's scheme is kept (R2.6.2)
    ['pjsip:user1@127.0.0.1', '<sip:user1@127.0.0.1>'], // decision 5: forwarding an inbound MESSAGE(to)
    ['pjsip:sip:user1@127.0.0.1:5060', '<sip:user1@127.0.0.1>'],
  ])('to %j gives To %s', async (to, expected) => {
    const result = await dry('pjsip:sipp', { to });
    expect(wire(result.preview).header('To')).toBe(expected);
    expect(wire(result.preview).requestLine).toBe('MESSAGE sip:127.0.0.2 SIP/2.0');
  });

  it('a To that is not a URI is a warning; To stays as built from the Request-URI', async () => {
    const result = await dry('pjsip:sipp', { to: 'alice' });
    expect(wire(result.preview).header('To')).toBe('<sip:127.0.0.2>');
    expect(result.warnings.join()).toContain("To address 'alice' is not a valid SIP/SIPS URI");
  });

  it('endpoint from_user and from_domain shape the default From', async () => {
    const result = await dry('pjsip:trunk');
    expect(wire(result.preview).header('From')).toMatch(/^<sip:4000@pbx\.example\.com>;tag=/);
  });
});

describe('headers and body (R2.6.1, R2.6.4, R2.6.5)', () => {
  it('sends custom headers in order, skips blocked ones with a warning, and never adds a Contact', async () => {
    const result = await dry(
      'pjsip:sipp',
      {},
      { data: { 'X-Custom-Header': 'Customized', Contact: '<sip:x@y>', Via: 'x', 'X-Second': '2' } },
    );
    const request = wire(result.preview);
    expect(request.header('X-Custom-Header')).toBe('Customized');
    expect(request.names.filter((n) => n.startsWith('X-'))).toEqual(['X-Custom-Header', 'X-Second']);
    expect(request.names).not.toContain('Contact');
    expect(request.names.filter((n) => n === 'Via')).toHaveLength(1);
    expect(result.warnings).toHaveLength(2);
    expect(request.names.slice(0, 7)).toEqual([
      'Via',
      'From',
      'To',
      'Call-ID',
      'CSeq',
      'Max-Forwards',
      'User-Agent',
    ]);
  });

  it('Max-Forwards: global default 70, a data value is decremented, and reaching zero sends nothing (decision 4)', async () => {
    expect(wire((await dry('pjsip:sipp')).preview).header('Max-Forwards')).toBe('70');
    expect(
      wire((await dry('pjsip:sipp', {}, { data: { 'Max-Forwards': '5' } })).preview).header('Max-Forwards'),
    ).toBe('4');
    for (const value of ['1', '0', 'abc']) {
      const result = await dry('pjsip:sipp', {}, { data: { 'max-forwards': value } });
      expect(result).toMatchObject({ status: 'FAILURE', reason: 'PJSIP_MAX_FORWARDS_EXHAUSTED' });
    }
  });

  it('Content-Type: text/plain by default; type/subtype only from data or the message (R2.6.4)', async () => {
    expect(wire((await dry('pjsip:sipp')).preview).header('Content-Type')).toBe('text/plain');
    const json = await dry('pjsip:sipp', {}, { data: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(wire(json.preview).header('Content-Type')).toBe('application/json');
    const own = await dry('pjsip:sipp', {}, { contentType: 'text/plain;charset=UTF-8' });
    expect(wire(own.preview).header('Content-Type')).toBe('text/plain');
    const bad = await dry('pjsip:sipp', {}, { data: { 'Content-Type': '???' } });
    expect(wire(bad.preview).header('Content-Type')).toBe('text/plain');
    expect(bad.warnings.join()).toContain("Failed to parse '???' as a content type");
  });

  it('User-Agent comes from [global] or the default, and a data User-Agent replaces it', async () => {
    expect(wire((await dry('pjsip:sipp')).preview).header('User-Agent')).toBe('messagesend');
    const custom = wire((await dry('pjsip:sipp', {}, { data: { 'User-Agent': 'mine' } })).preview);
    expect(custom.names.filter((n) => n.toLowerCase() === 'user-agent')).toHaveLength(1);
    expect(custom.header('User-Agent')).toBe('mine');
  });

  it('outbound_proxy adds a loose Route; user_eq_phone marks phone numbers', async () => {
    const result = await dry('pjsip:PJSIP/+15551234@trunk');
    const request = wire(result.preview);
    expect(request.header('Route')).toBe('<sip:proxy.example.com;lr>');
    expect(request.requestLine).toBe('MESSAGE sip:+15551234@gw.example.com;user=phone SIP/2.0');
  });

  it('the body is UTF-8 with a byte Content-Length; an empty body is allowed', async () => {
    const request = wire((await dry('pjsip:sipp', {}, { body: 'héllo ✓' })).preview);
    expect(request.body).toBe('héllo ✓');
    expect(request.header('Content-Length')).toBe(String(Buffer.byteLength('héllo ✓')));
    expect(wire((await dry('pjsip:sipp', {}, { body: '' })).preview).header('Content-Length')).toBe('0');
  });

  it('a data header that would inject a line is FAILURE, nothing built', async () => {
    const result = await dry('pjsip:sipp', {}, { data: { 'X-Evil': 'a\r\nInjected: yes' } });
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'PJSIP_BAD_HEADER' });
    expect(result.preview).toBeUndefined();
  });

  it('a dry run binds nothing and queries no DNS: hosts that do not resolve still preview', async () => {
    const result = await dry('pjsip:sip:bob@does-not-exist.invalid');
    expect(result.status).toBe('SUCCESS');
    expect(wire(result.preview).header('Via')).toMatch(
      /^SIP\/2\.0\/UDP 127\.0\.0\.1:5060;rport;branch=z9hG4bK/,
    );
  });
});
