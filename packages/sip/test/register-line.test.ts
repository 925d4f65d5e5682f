import { describe, expect, it } from 'vitest';
import { parseRegisterLine } from '../src/config/register-line.js';
import { parseSipConf } from '../src/index.js';

describe('register => lines, split as chan_sip sip_parse_register_line', () => {
  it.each([
    [
      'alice@provider.example',
      { user: 'alice', host: 'provider.example', port: 5060, extension: 's', transport: 'udp' },
    ],
    [
      'alice:pw@192.0.2.1:5070/1234~300',
      { user: 'alice', secret: 'pw', host: '192.0.2.1', port: 5070, extension: '1234', expiry: 300 },
    ],
    ['alice:pw:authname@h', { user: 'alice', secret: 'pw', authUser: 'authname', host: 'h' }],
    ['alice@example.com:pw@h', { user: 'alice', domain: 'example.com', secret: 'pw', host: 'h' }],
    // Three fields after the user: domainport:secret:authuser.
    [
      'alice@example.com:5062:pw:auth@h',
      { domain: 'example.com', domainPort: 5062, secret: 'pw', authUser: 'auth' },
    ],
    ['trunk?alice:pw@h', { peer: 'trunk', user: 'alice', secret: 'pw' }],
    ['tcp://alice@h', { transport: 'tcp', user: 'alice', port: 5060 }],
    ['tls://alice@h', { transport: 'tls', port: 5061 }],
    ['trunk?tls://alice:pw@h:5071', { peer: 'trunk', transport: 'tls', port: 5071 }],
    // A secret holding "@": the last "@" starts the host part.
    ['alice:p@ss@h', { user: 'alice', secret: 'p@ss', host: 'h' }],
    // A bad port falls back to the default, as chan_sip (with a notice).
    ['alice@h:notaport', { host: 'h', port: 5060 }],
  ])('%s', (line, expected) => {
    expect(parseRegisterLine(line)).toMatchObject(expected);
  });

  it.each(['alice', '@h', 'alice@', 'a/b@h'])('refuses %j as chan_sip does', (line) => {
    expect(typeof parseRegisterLine(line)).toBe('string');
  });

  it('the loader keeps good lines and skips a bad one with file and line, never quoting the secret', () => {
    const { config, warnings } = parseSipConf(
      '[general]\nregister => alice:s3cret@192.0.2.1\nregister => s3cret-only\nregistertimeout=5\n',
      { file: 'sip.conf' },
    );
    expect(config.registrations).toEqual([
      { transport: 'udp', user: 'alice', secret: 's3cret', host: '192.0.2.1', port: 5060, extension: 's' },
    ]);
    expect(config.general?.registerTimeout).toBe(5);
    expect(warnings).toEqual([
      expect.stringMatching(/^sip\.conf:3 \[general\]: register line skipped: expected /),
    ]);
    expect(warnings.join('\n')).not.toContain('s3cret');
  });
});
