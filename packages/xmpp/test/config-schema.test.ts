import { describe, expect, it } from 'vitest';
import { parseXmppConf } from '../src/index.js';

describe('xmpp.conf schema', () => {
  it('OAuth and direct TLS options are reported as not implemented, never with their value', () => {
    const { config, warnings } = parseXmppConf(
      '[a]\ntype=client\nusername=a@example.org\nsecret=pw\nrefresh_token=tok-en\nforceoldssl=yes\n',
      { file: 'xmpp.conf' },
    );
    expect(config.accounts?.a).toEqual({ username: 'a@example.org', secret: 'pw' });
    expect(warnings).toEqual([
      'xmpp.conf:5 [a]: client option "refresh_token" ignored: not implemented: OAuth login (secret= is sent as the password)',
      'xmpp.conf:6 [a]: client option "forceoldssl" ignored: not implemented: the connection always uses STARTTLS',
    ]);
  });

  it('an empty secret is a secret; an incomplete client with a bad value is still only a warning', () => {
    expect(parseXmppConf('[a]\nusername=a@b\nsecret=\n').config.accounts?.a).toEqual({
      username: 'a@b',
      secret: '',
    });
    expect(parseXmppConf('[a]\nusername=a@b\nport=x\n').warnings).toEqual([
      expect.stringMatching(/a client needs username= and secret=/),
    ]);
  });
});
