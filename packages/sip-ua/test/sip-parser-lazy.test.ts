import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../src/index.js';

// The npm `sip` stack is CommonJS: once required, its files are in require's cache.
const sipLoaded = (): boolean =>
  Object.keys(createRequire(import.meta.url).cache).some((path) =>
    /[/\\]node_modules[/\\]sip[/\\]/.test(path),
  );

describe('the npm sip parser', () => {
  it('is not loaded by importing the package, only when a message is first read structurally', () => {
    expect(sipLoaded()).toBe(false);
    const bytes = Buffer.from(
      'MESSAGE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\n' +
        'To: <sip:b@h>\r\nCall-ID: c1\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
    );
    const decoded = decodeMessage(bytes, {
      protocol: 'udp',
      address: '127.0.0.1',
      port: 1,
      local: { address: '127.0.0.1', port: 2 },
    });
    expect(decoded?.kind).toBe('request');
    expect(sipLoaded()).toBe(false);
    expect(decoded?.parsed.headers['call-id']).toBe('c1');
    expect(sipLoaded()).toBe(true);
  });
});
