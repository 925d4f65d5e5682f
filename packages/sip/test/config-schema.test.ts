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
      bindAddr: '10.0.0.1',
      bindPort: 5070,
    });
    expect(
      parseSipConf('[general]\nudpbindaddr=10.0.0.2\nbindaddr=10.0.0.1:5070\nbindport=5080\n').config.general,
    ).toEqual({ bindAddr: '10.0.0.2', bindPort: 5080 });
  });

  it('chan_sip option names read into camelCase fields, as pjsip and xmpp do', () => {
    const conf = [
      '[general]',
      'bindaddr=10.0.0.1',
      'bindport=5070',
      'tcpenable=yes',
      'callerid=pbx',
      'fromdomain=example.com',
      'srvlookup=no',
      'useragent=UA',
      'messagecontext=texts',
      'defaultexpiry=300',
      'registertimeout=10',
      'registerattempts=3',
      '[p]',
      'type=peer',
      'host=h',
      'defaultuser=du',
      'fromuser=fu',
      'fromdomain=fd',
      'callerid="P" <1>',
      'outboundproxy=proxy.example.com',
      'usereqphone=yes',
      'messagecontext=pt',
      '',
    ].join('\n');
    const { config } = parseSipConf(conf);
    expect(config.general).toEqual({
      bindAddr: '10.0.0.1',
      bindPort: 5070,
      tcpEnable: true,
      callerId: 'pbx',
      fromDomain: 'example.com',
      srvLookup: false,
      userAgent: 'UA',
      messageContext: 'texts',
      defaultExpiry: 300,
      registerTimeout: 10,
      registerAttempts: 3,
    });
    expect(config.peers?.p).toEqual({
      type: 'peer',
      host: 'h',
      defaultUser: 'du',
      fromUser: 'fu',
      fromDomain: 'fd',
      callerId: '"P" <1>',
      outboundProxy: 'proxy.example.com',
      useReqPhone: true,
      messageContext: 'pt',
    });
  });

  it('a bad auth= in [authentication] is skipped with a warning that never shows the secret', () => {
    const { config, warnings } = parseSipConf('[authentication]\nauth=bob-pw-only\n', { file: 'sip.conf' });
    expect(warnings).toEqual([
      'sip.conf:1 [authentication]: section skipped: [authentication] auth: expected user:secret@realm, got "***" (sip.conf:2)',
    ]);
    expect(config.authentication).toEqual([]);
  });
});
