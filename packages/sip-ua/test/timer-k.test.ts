import { afterEach, describe, expect, it } from 'vitest';
import { deliveryReport } from '../src/tech-kit/index.js';
import { eventually, recordingLogger } from './helpers/log.js';
import { type RawUdp, rawUdp } from './helpers/raw.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

const ABSORBED = 'absorbed a retransmitted final response (Timer K)';
const UNMATCHED = 'dropped a response matching no client transaction';

/** A 200 for `request` (its Via, From, To with a tag, Call-ID and CSeq copied). */
function okFor(request: string): string {
  const head = request.split('\r\n\r\n')[0]!.split('\r\n');
  const copy = (name: string) =>
    head.filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return [
    'SIP/2.0 200 OK',
    ...copy('Via'),
    ...copy('From'),
    ...copy('To').map((line) => `${line};tag=peer1`),
    ...copy('Call-ID'),
    ...copy('CSeq'),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

let peer: RawUdp | undefined;
afterEach(async () => {
  peer?.close();
  peer = undefined;
  await closeStacks();
});

describe('Timer K (RFC 3261 §17.1.2.2) over UDP, against a peer that retransmits its 200', () => {
  it('the first 200 settles the send; copies during Timer K are absorbed, later ones match nothing', async () => {
    peer = await rawUdp();
    const logger = recordingLogger();
    const t4 = 300;
    const stack = await testStack({ timers: { t4 }, logger });
    const handle = stack.send(message(`sip:bob@127.0.0.1:${peer.port}`));
    const request = await peer.next(2000);
    expect(request).toMatch(/^MESSAGE sip:bob@127\.0\.0\.1:\d+ SIP\/2\.0\r\n/);
    const ok = okFor(request!);
    const stackPort = stack.address('udp')!.port;
    for (let i = 0; i < 3; i++) peer.send(ok, stackPort);

    const outcome = await handle.outcome;
    expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
    // Delivered once; the two copies reached the stack and were absorbed, not handed on.
    expect(await eventually(() => logger.count(ABSORBED) === 2)).toBe(true);
    expect(logger.count(UNMATCHED)).toBe(0);
    // The stack did not retransmit the MESSAGE after its final response.
    expect(await peer.next(t4)).toBeUndefined();

    // After Timer K (plus one sweep) the key is gone: a late copy matches no transaction.
    await new Promise((resolve) => setTimeout(resolve, t4 + 200));
    peer.send(ok, stackPort);
    expect(await eventually(() => logger.count(UNMATCHED) === 1)).toBe(true);
    expect(logger.count(ABSORBED)).toBe(2);
  });

  it('a response forged for an unknown branch is dropped, never delivered to a live send', async () => {
    peer = await rawUdp();
    const logger = recordingLogger();
    const stack = await testStack({ logger });
    const handle = stack.send(message(`sip:bob@127.0.0.1:${peer.port}`));
    const request = await peer.next(2000);
    const forged = okFor(request!).replace(/branch=[^;\r\n]+/, 'branch=z9hG4bKforged');
    peer.send(forged, stack.address('udp')!.port);
    expect(await eventually(() => logger.count(UNMATCHED) === 1)).toBe(true);
    peer.send(okFor(request!), stack.address('udp')!.port);
    expect(deliveryReport(await handle.outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
  });
});
