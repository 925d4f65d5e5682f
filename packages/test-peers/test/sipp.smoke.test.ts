import { afterAll, describe, expect, it } from 'vitest';
import {
  headerValue,
  MissingPeerError,
  requireCommand,
  runningPeers,
  runSippUac,
  startSippUas,
  uacScenario,
  uasScenario,
} from '../src/index.js';

const MESSAGE_TO_BOB = uacScenario([
  {
    method: 'MESSAGE',
    from: '"Alice" <sip:alice@[local_ip]:[local_port]>',
    headers: ['Content-Type: text/plain;charset=UTF-8', 'X-Custom: kept'],
    body: 'héllo wörld <&>',
    expect: 202,
  },
]);

afterAll(() => {
  expect(runningPeers()).toEqual([]);
});

describe('SIPp harness', () => {
  it('a SIPp UAC sends MESSAGE to a SIPp UAS, which checks it and answers 202', async () => {
    const uas = await startSippUas({
      scenario: uasScenario([
        {
          request: 'MESSAGE',
          checks: [
            { in: 'msg', regexp: '^MESSAGE sip:service@127\\.0\\.0\\.1:[0-9]+ SIP/2\\.0' },
            { in: 'hdr', header: 'From', regexp: '"Alice" <sip:alice@' },
            { in: 'body', regexp: 'wörld' },
          ],
          replies: [{ status: 202, reason: 'Accepted' }],
        },
      ]),
    });
    const uac = await runSippUac({ scenario: MESSAGE_TO_BOB, target: `${uas.host}:${uas.port}` });
    expect(uac.timedOut).toBe(false);
    expect(uac.exit.code, uac.errors.join('\n')).toBe(0);
    const [request] = await uas.waitForRequests(1);
    const result = await uas.stop();
    expect(result.errors).toEqual([]);
    expect(request?.firstLine).toMatch(/^MESSAGE sip:service@127\.0\.0\.1:\d+ SIP\/2\.0$/);
    expect(headerValue(request!, 'x-custom')).toBe('kept');
    expect(request?.body).toBe('héllo wörld <&>');
    expect(result.messages.map((m) => `${m.direction} ${m.firstLine.split(' ')[0]}`)).toEqual([
      'received MESSAGE',
      'sent SIP/2.0',
    ]);
  });

  it('trace: false starts SIPp without its message log, and reading the log says why it cannot', async () => {
    const uas = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
      trace: false,
    });
    const uac = await runSippUac({ scenario: MESSAGE_TO_BOB, target: `${uas.host}:${uas.port}` });
    expect(uac.exit.code, uac.errors.join('\n')).toBe(0);
    expect(() => uas.messages()).toThrow(/trace: false/);
    await expect(uas.waitForRequests(1)).rejects.toThrow(/trace: false/);
    const result = await uas.stop();
    expect(result.messages).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it("a check that does not match is reported from SIPp's own error file", async () => {
    const uas = await startSippUas({
      scenario: uasScenario([
        {
          request: 'MESSAGE',
          checks: [{ in: 'hdr', header: 'From', regexp: 'sip:nobody@' }],
          replies: [{ status: 200, reason: 'OK' }],
        },
      ]),
    });
    await runSippUac({
      scenario: uacScenario([{ method: 'MESSAGE', body: 'x', expect: 200 }]),
      target: `${uas.host}:${uas.port}`,
    });
    await uas.waitForRequests(1);
    const result = await uas.stop();
    expect(result.errors.join('\n')).toMatch(/Failed regexp match.*sip:nobody@/s);
  });

  it('a UAS reply other than the expected one fails the UAC with exit code 1', async () => {
    const uas = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 404, reason: 'Not Found' }] }]),
    });
    const uac = await runSippUac({ scenario: MESSAGE_TO_BOB, target: `${uas.host}:${uas.port}` });
    await uas.stop();
    expect(uac.exit.code).toBe(1);
    expect(uac.errors.join('\n')).toMatch(/404/);
  });

  it('works over TCP', async () => {
    const uas = await startSippUas({
      transport: 'tcp',
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }]),
    });
    const uac = await runSippUac({
      transport: 'tcp',
      scenario: uacScenario([{ method: 'MESSAGE', body: 'over tcp', expect: 200 }]),
      target: `${uas.host}:${uas.port}`,
    });
    expect(uac.exit.code, uac.errors.join('\n')).toBe(0);
    const [request] = await uas.waitForRequests(1);
    expect(request?.transport).toBe('TCP');
    expect(uas.uri('bob')).toBe(`sip:bob@127.0.0.1:${uas.port};transport=tcp`);
    await uas.stop();
  });

  it('a missing peer fails with the command that installs it', () => {
    expect(() => requireCommand('messagesend-no-such-peer')).toThrow(MissingPeerError);
    expect(() => requireCommand('messagesend-no-such-peer')).toThrow(/bash scripts\/install-peers\.sh/);
  });

  it('waitForRequests is bounded', async () => {
    const uas = await startSippUas({ scenario: uasScenario([{ request: 'MESSAGE' }]) });
    await expect(uas.waitForRequests(1, 200)).rejects.toThrow(/received 0 of 1 requests within 200 ms/);
    await uas.stop();
  });
});
