import { createRouter } from '@messagesend/core';
import { acceptingMessages, runningPeers, type SippPeer, startSippUas } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { contactsConf } from './helpers.js';

// pjproject's pjsip_get_request_dest() takes the maddr parameter, when present, as the host to
// resolve (RFC 3261 §19.1.1): a contact whose host is unreachable but whose maddr is SIPp
// reaches SIPp, and the Request-URI keeps the parameter.
const ELSEWHERE = '127.0.0.2'; // loopback, where nothing listens

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

async function uas(count: number): Promise<SippPeer> {
  const peer = await startSippUas({ scenario: acceptingMessages(count) });
  cleanups.push(() => peer.stop());
  return peer;
}

describe('pjsip: maddr in a contact or a destination URI is where the MESSAGE goes', () => {
  it('an AOR contact and a URI destination with ;maddr= both reach SIPp at the maddr', async () => {
    const peer = await uas(2);
    const contact = `sip:bob@${ELSEWHERE}:${peer.port};maddr=127.0.0.1`;
    const router = createRouter({ techs: [pjsip({ config: contactsConf({ bob: contact }) })] });
    cleanups.push(() => router.close());
    for (const destination of ['pjsip:bob', `pjsip:sip:carol@${ELSEWHERE}:${peer.port};maddr=127.0.0.1`]) {
      const result = await router.send(destination, { body: destination }, { waitForDelivery: true });
      expect(result.status, result.detail).toBe('SUCCESS');
    }
    const requests = await peer.waitForRequests(2);
    expect(requests.map((request) => request.firstLine)).toEqual([
      `MESSAGE ${contact} SIP/2.0`,
      `MESSAGE sip:carol@${ELSEWHERE}:${peer.port};maddr=127.0.0.1 SIP/2.0`,
    ]);
  });
});
