import { describe, expect, it } from 'vitest';
import { outputGuard } from '../src/safe-output.js';
import { confSecrets, redactUriPasswords, uriPasswords } from '../src/secrets.js';

describe('secrets the CLI masks', () => {
  it('takes the values of secret options only, and the secret of auth=user:secret@realm', () => {
    const conf =
      '[general]\nauth_message_requests=yes\n[authentication]\nauth=bob:auth-pw@realm\n[p]\nsecret=peer-pw\n' +
      '[a]\ntype=auth\npassword=conf-pw\nmd5_cred=0123abcd\noutbound_auth=a\n[t](!)\nrefresh_token=tok-en\n';
    expect(confSecrets(conf, 'x.conf').sort()).toEqual(
      ['0123abcd', 'auth-pw', 'bob:auth-pw@realm', 'conf-pw', 'peer-pw', 'tok-en'].sort(),
    );
    expect(confSecrets('[broken\n', 'x.conf')).toEqual([]);
  });

  it('masks URI passwords, never the tech prefix', () => {
    expect(redactUriPasswords('pjsip:sip:alice:pw@h and <sips:b:p%40ss@h2>')).toBe(
      'pjsip:sip:alice:***@h and <sips:b:***@h2>',
    );
    expect(redactUriPasswords('pjsip:alice sip:bob@h:5060')).toBe('pjsip:alice sip:bob@h:5060');
    expect(uriPasswords('sip:b:p%40ss@h')).toEqual(['p%40ss', 'p@ss']);
  });
});

describe('outputGuard', () => {
  const guard = outputGuard(['conf pw', 'ab']);

  it('masks secrets (3 characters or more) and replaces control characters, keeping line breaks', () => {
    expect(guard.text('pw conf pw, sip:u:conf%20pw@h, ab\u001b[2J\nnext\u0007')).toBe(
      'pw ***, sip:u:***@h, ab\ufffd[2J\nnext\ufffd',
    );
    expect(guard.text('x conf%20pw')).toBe('x ***');
  });

  it('JSON strings are masked and stripped, the JSON stays parseable', () => {
    const line = guard.json({ detail: '404 \u009bconf pw', preview: 'A\r\nB' });
    expect(JSON.parse(line)).toEqual({ detail: '404 \ufffd***', preview: 'A\r\nB' });
  });
});
