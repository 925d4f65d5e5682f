import { describe, expect, it } from 'vitest';
import { parseSipConf } from '../src/index.js';

describe('sip.conf schemas', () => {
  it('md5secret is reported as not implemented, without its value', () => {
    const { warnings } = parseSipConf('[p]\ntype=peer\nhost=h\nmd5secret=0123abcd\n', { file: 'sip.conf' });
    expect(warnings).toEqual([
      'sip.conf:4 [p]: peer option "md5secret" ignored: not implemented: give the password as secret=',
    ]);
  });

  it('bindaddr=host:port sets the port unless bindport is given; udpbindaddr wins over bindaddr', () => {
    expect(parseSipConf('[general]\nbindaddr=10.0.0.1:5070\n').config.general).toEqual({
      bindaddr: '10.0.0.1',
      bindport: 5070,
    });
    expect(
      parseSipConf('[general]\nudpbindaddr=10.0.0.2\nbindaddr=10.0.0.1:5070\nbindport=5080\n').config.general,
    ).toEqual({ bindaddr: '10.0.0.2', bindport: 5080 });
  });

  it('a bad auth= in [authentication] is skipped with a warning that never shows the secret', () => {
    const { config, warnings } = parseSipConf('[authentication]\nauth=bob-pw-only\n', { file: 'sip.conf' });
    expect(warnings).toEqual([
      'sip.conf:1 [authentication]: section skipped: [authentication] auth: expected user:secret@realm, got "***" (sip.conf:2)',
    ]);
    expect(config.authentication).toEqual([]);
  });
});
