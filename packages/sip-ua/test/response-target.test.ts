import { describe, expect, it } from 'vitest';
import { sentByTarget } from '../src/mechanics/stack/response-target.js';
import type { IncomingRequest } from '../src/mechanics/wire/message.js';
import { readMessage } from '../src/mechanics/wire/parse.js';
import { rawRequest } from './helpers/raw.js';

const source = {
  protocol: 'udp' as const,
  address: '192.0.2.7',
  port: 40000,
  local: { address: '127.0.0.1', port: 5060 },
};

function request(via: string, protocol: 'udp' | 'tcp' = 'udp'): IncomingRequest {
  const read = readMessage(
    Buffer.from(rawRequest({ headers: { Via: via } })),
    { ...source, protocol },
    { stream: false },
  );
  if (!read.ok || read.message.kind !== 'request') throw new Error('test request did not parse');
  return read.message as IncomingRequest;
}

describe('sentByTarget (force_rport=no)', () => {
  it('the source address and the sent-by port, 5060 when the Via has none', () => {
    expect(sentByTarget(request('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bKa'))).toEqual({
      protocol: 'udp',
      address: '192.0.2.7',
      port: 5070,
    });
    expect(sentByTarget(request('SIP/2.0/UDP phone.example.com;branch=z9hG4bKb'))?.port).toBe(5060);
  });

  it('none (the source) when the top Via has rport, with or without a value, or over TCP', () => {
    expect(sentByTarget(request('SIP/2.0/UDP 10.0.0.5:5070;rport;branch=z9hG4bKc'))).toBeUndefined();
    expect(sentByTarget(request('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bKd;rport=1'))).toBeUndefined();
    expect(sentByTarget(request('SIP/2.0/TCP 10.0.0.5:5070;branch=z9hG4bKe', 'tcp'))).toBeUndefined();
  });

  it('only the top Via counts: rport in a lower one does not', () => {
    expect(
      sentByTarget(
        request('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bKf, SIP/2.0/UDP 10.0.0.9;rport;branch=z9hG4bKg'),
      )?.port,
    ).toBe(5070);
  });
});
