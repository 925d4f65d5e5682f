import { afterEach, describe, expect, it, vi } from 'vitest';
import { outputGuard } from '../src/safe-output.js';
import { stderrWireTrace } from '../src/wire-trace.js';

// The --trace printer: header line, masked secrets, every digest response= hidden, quoted or not.

afterEach(() => {
  vi.restoreAllMocks();
});

function printed(text: string, secrets: string[] = []): string {
  let out = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const mask = outputGuard(secrets).text;
  stderrWireTrace(() => mask)({
    direction: 'out',
    protocol: 'tcp',
    address: '192.0.2.7',
    port: 5061,
    bytes: Buffer.from(text),
  });
  vi.restoreAllMocks();
  return out;
}

describe('--trace printer', () => {
  it('heads each message with direction, protocol and remote address', () => {
    expect(printed('OPTIONS sip:x SIP/2.0\r\n\r\n')).toMatch(
      /^trace: out TCP sent to 192\.0\.2\.7:5061\nOPTIONS/,
    );
  });

  it('hides quoted and unquoted digest responses in Authorization and Proxy-Authorization', () => {
    const out = printed(
      'MESSAGE sip:x SIP/2.0\r\nAuthorization: Digest username="a", response="0123456789abcdef0123456789abcdef"\r\n' +
        'Proxy-Authorization: Digest username="a",response=fedcba9876543210fedcba9876543210,nc=00000001\r\n\r\n',
    );
    expect(out).not.toMatch(/0123456789abcdef|fedcba9876543210/);
    expect(out.match(/response="\*\*\*"/g)).toHaveLength(2);
    expect(out).toContain('nc=00000001');
  });

  it('masks configured secrets and replaces control characters', () => {
    const out = printed('MESSAGE sip:x SIP/2.0\r\n\r\npw s3cret-pw \u001b[2J', ['s3cret-pw']);
    expect(out).not.toContain('s3cret-pw');
    expect(out).not.toContain('\u001b');
  });
});
