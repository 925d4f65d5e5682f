import { createSocket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { createRouter } from '@messagesend/core';
import { MemoryRegistrationStore } from '@messagesend/sip-ua';
import { describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { TESTSUITE_CONF, wire } from './helpers.js';

const router = createRouter({ techs: [pjsip({ config: TESTSUITE_CONF })] });
const dry = (destination: string, message: Record<string, unknown> = {}) =>
  router.send(destination, { body: 'hello', ...message }, { dryRun: true });

// Issue 14: rules checked against Asterisk's and pjproject's source, each as a dry-run table.
describe('URI ?headers become request headers (pjproject sip_util.c init_request_throw)', () => {
  it.each([
    // [destination, header name, value sent]
    ['pjsip:sip:bob@127.0.0.2?X-Ref=42', 'X-Ref', '42'],
    ['pjsip:sipp/sip:bob@127.0.0.2?Subject=hi%20there', 'Subject', 'hi there'],
    ['pjsip:<sip:bob@127.0.0.2?Priority=urgent&X-A=%3Cb%3E>', 'X-A', '<b>'],
    ['pjsip:<sip:bob@127.0.0.2?Priority=urgent&X-A=%3Cb%3E>', 'Priority', 'urgent'],
  ])('%s sends %s: %s, and the Request-URI and To without it', async (destination, name, value) => {
    const result = await dry(destination);
    expect(result.status).toBe('SUCCESS');
    const request = wire(result.preview);
    expect(request.header(name)).toBe(value);
    expect(request.requestLine).toBe('MESSAGE sip:bob@127.0.0.2 SIP/2.0');
    expect(request.header('To')).toBe('<sip:bob@127.0.0.2>');
  });

  it('headers the stack sets are not added a second time; each is reported', async () => {
    const result = await dry('pjsip:sip:bob@127.0.0.2?Call-ID=evil&Max-Forwards=1&X-Ok=1');
    const request = wire(result.preview);
    expect(request.names.filter((n) => n.toLowerCase() === 'call-id')).toHaveLength(1);
    expect(request.header('Call-ID')).not.toBe('evil');
    expect(request.header('Max-Forwards')).toBe('70');
    expect(request.header('X-Ok')).toBe('1');
    expect(result.warnings?.join('\n')).toMatch(/URI header "Call-ID".*\n.*URI header "Max-Forwards"/);
  });

  it('an escaped CR LF in a URI header is refused, nothing is built (attacker path)', async () => {
    const result = await dry('pjsip:sip:bob@127.0.0.2?X-Evil=a%0D%0AInjected:%20yes');
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'PJSIP_BAD_HEADER' });
    expect(result.preview).toBeUndefined();
  });
});

describe('user_eq_phone (res_pjsip.c ast_sip_add_usereqphone)', () => {
  it.each([
    // [destination, Request-URI]
    ['pjsip:PJSIP/+15551234@trunk', 'sip:+15551234@gw.example.com;user=phone'],
    ['pjsip:PJSIP/5551234@trunk', 'sip:5551234@gw.example.com;user=phone'],
    ['pjsip:PJSIP/*98#@trunk', 'sip:*98%23@gw.example.com;user=phone'],
    ['pjsip:PJSIP/12AB34CD@trunk', 'sip:12AB34CD@gw.example.com;user=phone'],
    ['pjsip:PJSIP/+@trunk', 'sip:+@gw.example.com;user=phone'],
    ['pjsip:PJSIP/12ab@trunk', 'sip:12ab@gw.example.com'],
    ['pjsip:PJSIP/1+2@trunk', 'sip:1+2@gw.example.com'],
    ['pjsip:PJSIP/12E@trunk', 'sip:12E@gw.example.com'],
    ['pjsip:trunk/sip:555@gw.example.com;user=ip', 'sip:555@gw.example.com;user=phone'],
    [
      'pjsip:trunk/sip:555@gw.example.com;transport=tcp;user=ip;x=1',
      'sip:555@gw.example.com;user=phone;transport=tcp;x=1',
    ],
    ['pjsip:trunk/sip:gw.example.com', 'sip:gw.example.com'],
    ['pjsip:sipp/sip:555@127.0.0.2', 'sip:555@127.0.0.2'],
  ])('%s -> %s', async (destination, requestUri) => {
    const result = await dry(destination);
    expect(result.status).toBe('SUCCESS');
    expect(wire(result.preview).requestLine).toBe(`MESSAGE ${requestUri} SIP/2.0`);
  });

  it('only the Request-URI gets it, not To', async () => {
    const request = wire((await dry('pjsip:PJSIP/555@trunk')).preview);
    expect(request.header('To')).toBe('<sip:555@gw.example.com>');
  });
});

describe('a transport bound to 0.0.0.0 (res_pjsip pjsip_message_filter.c: never sent as 0.0.0.0)', () => {
  const conf = (bind: string) => `
[t]
type=transport
protocol=udp
bind=${bind}

[peer]
type=endpoint
aors=peer

[peer]
type=aor
contact=sip:bob@192.0.2.10
`;
  const local = new Set(
    Object.values(networkInterfaces())
      .flat()
      .flatMap((a) => (a ? [a.address] : []))
      .concat('127.0.0.1'),
  );

  it.each(['0.0.0.0', '0.0.0.0:5070', ''])(
    'bind=%s: dry run and explain show a real local address',
    async (bind) => {
      const tech = pjsip({ config: conf(bind) });
      const own = createRouter({ techs: [tech] });
      const result = await own.send('pjsip:peer', { body: 'x' }, { dryRun: true });
      const request = wire(result.preview);
      const fromHost = /@([^>;]+)>/.exec(request.header('From') ?? '')?.[1];
      const viaHost = /^SIP\/2\.0\/UDP ([^:;]+)/.exec(request.header('Via') ?? '')?.[1];
      expect(result.preview).not.toContain('0.0.0.0');
      expect(local.has(fromHost ?? '')).toBe(true);
      expect(viaHost).toBe(fromHost);
      const explained = tech.explain('pjsip:peer');
      expect(explained.ok && explained.from).toMatch(`<sip:peer@${fromHost}>;tag=`);
      expect(explained.ok && explained.preview).not.toContain('0.0.0.0');
    },
  );

  it('the real send uses that same address (sent to a local UDP socket)', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    const got = new Promise<{ text: string; port: number }>((resolve) =>
      socket.once('message', (m, from) => resolve({ text: m.toString(), port: from.port })),
    );
    const tech = pjsip({
      config: conf('0.0.0.0:0').replace('sip:bob@192.0.2.10', `sip:bob@127.0.0.1:${port}`),
    });
    const own = createRouter({ techs: [tech] });
    const dryFrom = wire((await own.send('pjsip:peer', { body: 'x' }, { dryRun: true })).preview).header(
      'From',
    );
    const sending = own.send('pjsip:peer', { body: 'x' }, { timeoutMs: 2000 });
    const { text: sent, port: back } = await got;
    const echoed = sent.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
    socket.send(`SIP/2.0 200 OK\r\n${echoed.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`, back, '127.0.0.1');
    expect((await sending).status).toBe('SUCCESS');
    await own.close();
    socket.close();
    expect(wire(sent).header('From')?.split(';tag=')[0]).toBe(dryFrom?.split(';tag=')[0]);
  });
});

describe('static contact order (res_pjsip/location.c permanent_uri_handler: ids <aor>@@md5(uri), sorted)', () => {
  // md5: sip:b@192.0.2.1 c77cea8f..., sip:zed@192.0.2.1 e3efdb71..., sip:alpha@192.0.2.1 fd96c588...
  const conf = (contacts: string) => `
[multi]
type=endpoint
aors=multi

[multi]
type=aor
max_contacts=3
${contacts}
`;
  it.each([
    ['contact=sip:zed@192.0.2.1\ncontact=sip:alpha@192.0.2.1\ncontact=sip:b@192.0.2.1', 'sip:b@192.0.2.1'],
    ['contact=sip:alpha@192.0.2.1, sip:zed@192.0.2.1', 'sip:zed@192.0.2.1'],
    ['contact=sip:alpha@192.0.2.1\ncontact=sip:alpha@192.0.2.1', 'sip:alpha@192.0.2.1'],
  ])('%j: the first by id is %s (not the first by text)', async (contacts, first) => {
    const tech = pjsip({ config: conf(contacts) });
    const own = createRouter({ techs: [tech] });
    const result = await own.send('pjsip:multi', { body: 'x' }, { dryRun: true });
    expect(wire(result.preview).requestLine).toBe(`MESSAGE ${first} SIP/2.0`);
    const explained = tech.explain('pjsip:multi');
    expect(explained.ok && explained.via).toBe(`contact ${first} of AOR multi`);
  });
});

describe('RFC 5118 §4.10 three-colon IPv6 reference in a destination', () => {
  it.each([
    ['pjsip:sip:bob@[2001:db8:::192.0.2.1]', 'sip:bob@[2001:db8:::192.0.2.1]'],
    ['pjsip:sipp/bob@[2001:db8:::192.0.2.1]:5070', 'sip:bob@[2001:db8:::192.0.2.1]:5070'],
  ])('%s is accepted; the Request-URI is printed as written', async (destination, uri) => {
    const result = await dry(destination);
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(wire(result.preview).requestLine).toBe(`MESSAGE ${uri} SIP/2.0`);
  });
});

describe('PJSIP/@endpoint (res_pjsip.c insert_user_in_contact_uri with an empty user)', () => {
  it.each([
    ['pjsip:PJSIP/@sipp', 'sip:127.0.0.2'],
    ['pjsip:PJSIP/@sipp_contact_user', 'sip:127.0.0.2:5061'],
  ])('%s is sent to the contact without its user: %s', async (destination, uri) => {
    const result = await dry(destination);
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(wire(result.preview).requestLine).toBe(`MESSAGE ${uri} SIP/2.0`);
  });

  it('PJSIP/@ with no endpoint is still INVALID_URI', async () => {
    expect((await dry('pjsip:PJSIP/@')).status).toBe('INVALID_URI');
  });
});

describe('Max-Forwards in data read as sscanf("%30d") reads it (res_pjsip_messaging.c vars_to_headers)', () => {
  it.each([
    // [data value, Max-Forwards sent or null for nothing sent]
    ['5', '4'],
    [' 5', '4'],
    ['+5', '4'],
    ['5abc', '4'],
    ['7 hops', '6'],
    ['2', '1'],
    ['1', null], // 0: Asterisk's "reached zero"
    ['0', null], // Asterisk would send -1 (decision 4)
    ['-3', null], // Asterisk would send -4 (decision 4)
    ['abc', null],
    ['', null],
    ['99999999999', null], // beyond a C int
  ])('%j -> %s', async (value, sent) => {
    const result = await dry('pjsip:sipp', { data: { 'Max-Forwards': value } });
    if (sent === null) {
      expect(result).toMatchObject({ status: 'FAILURE', reason: 'PJSIP_MAX_FORWARDS_EXHAUSTED' });
      expect(result.preview).toBeUndefined();
    } else {
      expect(result.status).toBe('SUCCESS');
      expect(wire(result.preview).header('Max-Forwards')).toBe(sent);
    }
  });
});

describe('registered contacts in sorcery-id order (<aor>;@md5(uri)), before static ones', () => {
  it('the first by hash wins, not the oldest; a static contact comes after any registered one', async () => {
    const registrations = new MemoryRegistrationStore();
    const binding = (contact: string, registeredAt: number) => ({
      contact,
      expiresAt: Date.now() + 60_000,
      callId: `c${registeredAt}`,
      cseq: 1,
      registeredAt,
    });
    // md5: sip:zed@192.0.2.1 e3efdb71..., sip:b@192.0.2.1 c77cea8f...; static sip:a@192.0.2.1 05e6784f...
    registrations.replace('multi', [binding('sip:zed@192.0.2.1', 1), binding('sip:b@192.0.2.1', 2)]);
    const tech = pjsip({
      config:
        '[multi]\ntype=endpoint\naors=multi\n[multi]\ntype=aor\nmax_contacts=3\ncontact=sip:a@192.0.2.1\n',
      registrations,
    });
    const result = await createRouter({ techs: [tech] }).send('pjsip:multi', { body: 'x' }, { dryRun: true });
    expect(wire(result.preview).requestLine).toBe('MESSAGE sip:b@192.0.2.1 SIP/2.0');
  });

  it('follows the registrations from one send to the next; a Contact that does not parse is skipped', async () => {
    const registrations = new MemoryRegistrationStore();
    const binding = (contact: string) => ({
      contact,
      expiresAt: Date.now() + 60_000,
      callId: contact,
      cseq: 1,
      registeredAt: 1,
    });
    const tech = pjsip({
      config: '[phone]\ntype=endpoint\naors=phone\n[phone]\ntype=aor\nmax_contacts=3\n',
      registrations,
    });
    const router = createRouter({ techs: [tech] });
    const requestLine = async () =>
      wire((await router.send('pjsip:phone', { body: 'x' }, { dryRun: true })).preview).requestLine;
    registrations.replace('phone', [binding('sip:zed@192.0.2.1')]);
    expect(await requestLine()).toBe('MESSAGE sip:zed@192.0.2.1 SIP/2.0');
    // Re-registered from elsewhere; then a second binding whose hash sorts first (md5:
    // sip:zed@192.0.2.9 a63d4a45..., sip:alpha@192.0.2.9 634f1a3d...).
    registrations.replace('phone', [binding('sip:zed@192.0.2.9')]);
    expect(await requestLine()).toBe('MESSAGE sip:zed@192.0.2.9 SIP/2.0');
    registrations.replace('phone', [binding('sip:zed@192.0.2.9'), binding('sip:alpha@192.0.2.9')]);
    expect(await requestLine()).toBe('MESSAGE sip:alpha@192.0.2.9 SIP/2.0');
    registrations.replace('phone', [binding('not a uri'), binding('sip:b@192.0.2.1')]);
    expect(await requestLine()).toBe('MESSAGE sip:b@192.0.2.1 SIP/2.0');
    registrations.replace('phone', []);
    expect((await router.send('pjsip:phone', { body: 'x' }, { dryRun: true })).status).toBe('FAILURE');
  });
});
