import { describe, expect, it } from 'vitest';
import { parseBind } from '../src/transports.js';

describe('parseBind', () => {
  it('reads IPv4, bracketed and bare IPv6 binds, with and without a port', () => {
    expect(parseBind('127.0.0.1:5070', 'udp')).toEqual({ host: '127.0.0.1', port: 5070 });
    expect(parseBind('127.0.0.1', 'tls')).toEqual({ host: '127.0.0.1', port: 5061 });
    expect(parseBind('[::1]:5070', 'udp')).toEqual({ host: '::1', port: 5070 });
    expect(parseBind('[2001:db8::5]', 'tcp')).toEqual({ host: '2001:db8::5', port: 5060 });
    // A bare IPv6 address has no port: every colon is the address's.
    expect(parseBind('::1', 'udp')).toEqual({ host: '::1', port: 5060 });
    expect(parseBind('2001:db8::5', 'udp')).toEqual({ host: '2001:db8::5', port: 5060 });
    expect(parseBind('::', 'udp')).toEqual({ host: '::', port: 5060 });
    expect(parseBind(undefined, 'udp')).toEqual({ host: '0.0.0.0', port: 5060 });
  });
});
