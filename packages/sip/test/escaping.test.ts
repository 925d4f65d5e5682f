import { createRouter } from '@messagesend/core';
import { afterAll, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

const conf = `
[general]
bindaddr=127.0.0.1
bindport=0

[peer1]
type=peer
host=127.0.0.1
defaultuser=front desk
`;
const router = createRouter({ techs: [sip({ config: conf })] });
afterAll(() => router.close());

const dry = (destination: string, data?: Record<string, string>) =>
  router.send(destination, { body: 'hi', ...(data ? { data } : {}) }, { dryRun: true });
const header = (preview: string | undefined, name: string) =>
  preview
    ?.split('\r\n')
    .find((line) => line.startsWith(`${name}: `))
    ?.slice(name.length + 2);

describe("sip: user parts escaped as chan_sip's ast_uri_encode(ast_uri_sip_user)", () => {
  it.each([
    ['sip:#1@example.com', 'sip:%231@example.com'],
    ['sip:[x]@example.com', 'sip:%5Bx%5D@example.com'],
    ['sip:é@example.com', 'sip:%C3%A9@example.com'],
    ['sip:%ae@example.com', 'sip:%25ae@example.com'], // chan_sip does not unescape the destination first
    ["sip:a;b=c?d&e+$,/!~*'()@example.com", "sip:a;b=c?d&e+$,/!~*'()@example.com"], // user-unreserved kept
    ['sip:peer1', 'sip:front%20desk@127.0.0.1'], // a peer's defaultuser too
  ])('%s is sent to %s, and To is the same URI', async (destination, requestUri) => {
    const result = await dry(destination);
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(result.preview!.split('\r\n')[0]).toBe(`MESSAGE ${requestUri} SIP/2.0`);
    expect(header(result.preview, 'To')).toBe(`<${requestUri}>`);
  });

  it('a From user is escaped the same way', async () => {
    const result = await router.send(
      'sip:bob@example.com',
      { body: 'hi' },
      { from: '"Desk" <sip:front%20desk%232@example.org>', dryRun: true },
    );
    expect(header(result.preview, 'From')).toMatch(/^"Desk" <sip:front%20desk%232@example\.org/);
  });
});

describe('a Request-URI data value is checked before anything is built', () => {
  const forged = { 'Request-URI': 'sip:bob@127.0.0.1>;tag=forged' };

  it('one that is not a SIP URI is FAILURE CHAN_SIP_BAD_REQUEST_URI in a dry run', async () => {
    const result = await dry('sip:bob@127.0.0.1:9', forged);
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'CHAN_SIP_BAD_REQUEST_URI' });
    expect(result.preview).toBeUndefined();
  });

  it('and the same in a real send, not a misleading SIP_DNS_FAILED', async () => {
    const result = await router.send(
      'sip:bob@127.0.0.1:9',
      { body: 'hi', data: forged },
      { timeoutMs: 2_000 },
    );
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'CHAN_SIP_BAD_REQUEST_URI' });
    expect((await result.delivery).outcome).toBe('not-sent');
  });

  it('a valid one is the Request-URI and the To of a non-peer destination', async () => {
    const result = await dry('sip:bob@127.0.0.1:9', { 'Request-URI': 'sip:carol@127.0.0.1:5099;ob' });
    expect(result.preview!.split('\r\n')[0]).toBe('MESSAGE sip:carol@127.0.0.1:5099;ob SIP/2.0');
    expect(header(result.preview, 'To')).toBe('<sip:carol@127.0.0.1:5099;ob>');
  });
});
