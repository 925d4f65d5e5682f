import { message, sendWithDigest, startListener, type Target } from '@messagesend/sip-ua/testing';
import { freePort, type RawSipClient, rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const ATTEMPTS = 5;

async function start(conf: string) {
  const live = await startListener(pjsip({ config: conf }));
  cleanups.push(() => live.close());
  return {
    tech: live.tech,
    received: live.received,
    target: { host: live.udp.host, port: live.udp.port } as Target,
  };
}

async function client(address: string, port = 0): Promise<RawSipClient> {
  const c = await rawSipClient(address, port);
  cleanups.push(() => c.close());
  return c;
}

/** A sender at 127.0.0.1 on a port nobody configured. */
async function spoofOn127(target: Target) {
  const c = await client('127.0.0.1');
  return c.send(target, message(target, 'pbx', 'spoofed'));
}

const UDP = `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0
`;

/**
 * Runs `attempts` spoofed requests and, between them, the legitimate one; returns how many spoofed
 * ones were accepted (2xx) and how many legitimate ones were answered 202.
 */
async function probe(
  spoof: () => Promise<number>,
  legitimate: () => Promise<number>,
): Promise<{ spoofed: number[]; legitimateAnswered: number }> {
  const spoofed: number[] = [];
  let legitimateAnswered = 0;
  for (let i = 0; i < ATTEMPTS; i++) {
    spoofed.push(await spoof());
    if ((await legitimate()) === 202) legitimateAnswered++;
  }
  return { spoofed, legitimateAnswered };
}

describe('pjsip identification against spoofed requests (real UDP from 127.0.0.2-127.0.0.9)', () => {
  it('identify_by=ip: a From user naming the endpoint from an unmatched address is refused; the matched address is served', async () => {
    const { received, target } = await start(`${UDP}
[gw]
type=endpoint
identify_by=ip

[gw-identify]
type=identify
endpoint=gw
match=127.0.0.2
`);
    const gateway = await client('127.0.0.2');
    const spoofer = await client('127.0.0.3');
    const result = await probe(
      async () => (await spoofer.send(target, message(target, 'gw', 'spoofed'))).status,
      async () => (await gateway.send(target, message(target, 'anyone', 'real'))).status,
    );
    expect(result.spoofed).toEqual(Array(ATTEMPTS).fill(403));
    expect(result.legitimateAnswered).toBe(ATTEMPTS);
    expect(received.map((m) => [m.endpoint, m.body])).toEqual(Array(ATTEMPTS).fill(['gw', 'real']));
  });

  it('identify match with a source port and a dotted mask, and a host name: other ports and addresses are refused', async () => {
    const port = await freePort('127.0.0.4');
    const localPort = await freePort('127.0.0.1');
    const { received, target } = await start(`${UDP}
[pbx]
type=endpoint
identify_by=ip

[pbx-identify]
type=identify
endpoint=pbx
match=127.0.0.4:${port}/255.255.255.255, localhost:${localPort}
`);
    const pbx = await client('127.0.0.4', port);
    const otherPort = await client('127.0.0.4');
    const otherAddress = await client('127.0.0.5');
    const result = await probe(
      async () => {
        const a = (await otherPort.send(target, message(target, 'pbx', 'spoofed'))).status;
        const b = (await otherAddress.send(target, message(target, 'pbx', 'spoofed'))).status;
        return a === 403 && b === 403 ? 403 : 200;
      },
      async () => (await pbx.send(target, message(target, 'pbx', 'real'))).status,
    );
    expect(result.spoofed).toEqual(Array(ATTEMPTS).fill(403));
    expect(result.legitimateAnswered).toBe(ATTEMPTS);
    // localhost is resolved (A/AAAA) at start: a sender at 127.0.0.1 on that port is pbx too.
    const local = await client('127.0.0.1', localPort);
    expect((await local.send(target, message(target, 'nobody', 'from localhost'))).status).toBe(202);
    expect((await spoofOn127(target)).status).toBe(403);
    expect(received.map((m) => [m.endpoint, m.body])).toEqual([
      ...Array(ATTEMPTS).fill(['pbx', 'real']),
      ['pbx', 'from localhost'],
    ]);
  });

  it('identify_by=header: only a request carrying the configured header value is the trunk', async () => {
    const { received, target } = await start(`${UDP}
[trunk]
type=endpoint
identify_by=header

[trunk-identify]
type=identify
endpoint=trunk
match_header=X-Trunk-Key: /^k-[0-9]+$/
`);
    const trunk = await client('127.0.0.6');
    const spoofer = await client('127.0.0.7');
    const result = await probe(
      async () => {
        const wrong = (await spoofer.send(target, message(target, 'trunk', 'spoofed', ['X-Trunk-Key: k-x'])))
          .status;
        const none = (await spoofer.send(target, message(target, 'trunk', 'spoofed'))).status;
        return wrong === 403 && none === 403 ? 403 : 200;
      },
      async () => (await trunk.send(target, message(target, 'x', 'real', ['X-Trunk-Key: k-42']))).status,
    );
    expect(result.spoofed).toEqual(Array(ATTEMPTS).fill(403));
    expect(result.legitimateAnswered).toBe(ATTEMPTS);
    expect(received.map((m) => m.endpoint)).toEqual(Array(ATTEMPTS).fill('trunk'));
  });

  it('identify_by=auth_username: an unidentified request is challenged, and only the right password for that username is accepted', async () => {
    const { received, target } = await start(`${UDP}
[carol]
type=endpoint
identify_by=auth_username
auth=carol-auth

[carol-auth]
type=auth
username=carol
password=secret
`);
    const carol = await client('127.0.0.8');
    const spoofer = await client('127.0.0.9');
    const result = await probe(
      async () => {
        // The From user names carol, but carol is not identified by From: challenged, then refused.
        const guessed = await sendWithDigest(spoofer, target, message(target, 'carol', 'spoofed'), {
          username: 'carol',
          password: 'guess',
        });
        return guessed.response.status;
      },
      async () =>
        (
          await sendWithDigest(carol, target, message(target, 'whoever', 'real'), {
            username: 'carol',
            password: 'secret',
          })
        ).response.status,
    );
    expect(result.spoofed).toEqual(Array(ATTEMPTS).fill(403));
    expect(result.legitimateAnswered).toBe(ATTEMPTS);
    expect(received.map((m) => m.endpoint)).toEqual(Array(ATTEMPTS).fill('carol'));
  });

  it('identify_by=username (default username,ip): the From user identifies, but an endpoint with auth= still demands the password', async () => {
    const { received, target } = await start(`${UDP}
[alice]
type=endpoint
auth=alice-auth

[alice-auth]
type=auth
username=alice
password=wonderland
`);
    const alice = await client('127.0.0.2');
    const spoofer = await client('127.0.0.3');
    const result = await probe(
      async () => (await spoofer.send(target, message(target, 'alice', 'spoofed'))).status,
      async () =>
        (
          await sendWithDigest(alice, target, message(target, 'alice', 'real'), {
            username: 'alice',
            password: 'wonderland',
          })
        ).response.status,
    );
    expect(result.spoofed).toEqual(Array(ATTEMPTS).fill(401));
    expect(result.legitimateAnswered).toBe(ATTEMPTS);
    expect(received.map((m) => m.body)).toEqual(Array(ATTEMPTS).fill('real'));
  });
});
