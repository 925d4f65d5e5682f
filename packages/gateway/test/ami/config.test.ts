import { isMsgError } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { AmiErrorCode, readManagerConf } from '../../src/ami/index.js';

describe('readManagerConf: manager.conf as main/manager.c reads it', () => {
  it("AMI is off unless [general] enabled=yes (Asterisk's default), and an empty file is off", () => {
    expect(readManagerConf('', 'manager.conf').config).toBeUndefined();
    expect(readManagerConf('[general]\nenabled=no\n[u]\nsecret=x\n', 'manager.conf').config).toBeUndefined();
  });

  it('defaults: port 5038 on ::, authtimeout 30, authlimit 50, displayconnects and allowmultiplelogin yes', () => {
    const { config, warnings } = readManagerConf('[general]\nenabled=yes\n', 'manager.conf');
    expect(config).toEqual({
      port: 5038,
      bindAddr: '::',
      authTimeout: 30,
      authLimit: 50,
      displayConnects: true,
      allowMultipleLogin: true,
      users: [],
    });
    expect(warnings).toEqual([]);
  });

  it("reads Asterisk's sample-style users: secret, read, write, deny/permit in order, per-user overrides", () => {
    const { config, warnings } = readManagerConf(
      [
        '[general]',
        'enabled = yes',
        'port = 15038',
        'bindaddr = 127.0.0.1',
        'displayconnects = no',
        '',
        '[mark]',
        'secret = mysecret',
        'deny=0.0.0.0/0.0.0.0',
        'permit=209.16.236.73/255.255.255.0',
        'read = system,call,log,verbose,command,agent,user,config,dtmf,reporting,cdr,dialplan',
        'write = system,call,agent,user,config,command,reporting,originate,message',
        'writetimeout = 250',
        'displayconnects = yes',
      ].join('\n'),
      'manager.conf',
    );
    expect(warnings).toEqual([]);
    expect(config?.port).toBe(15038);
    expect(config?.bindAddr).toBe('127.0.0.1');
    const [mark] = config!.users;
    expect(mark).toMatchObject({
      name: 'mark',
      secret: 'mysecret',
      displayConnects: true,
      allowMultipleLogin: true,
      writeTimeoutMs: 250,
    });
    expect(mark!.write).toContain('message');
    expect(mark!.acl.map((rule) => [rule.sense, rule.address, rule.prefix])).toEqual([
      ['deny', '0.0.0.0', 0],
      ['permit', '209.16.236.73', 24],
    ]);
  });

  it('warns for what is not served (webenabled, TLS, unknown options) and for users that cannot be loaded', () => {
    const { config, warnings } = readManagerConf(
      [
        '[general]',
        'enabled=yes',
        'webenabled=yes',
        'tlsenable=yes',
        'authtimeout=0',
        'bogus=1',
        '[nosecret]',
        'write=message',
        '[named]',
        'secret=x',
        'acl=office',
        '[badacl]',
        'secret=x',
        'permit=300.1.1.1',
        '[spaced]',
        'secret=x',
        'write=system, message',
      ].join('\n'),
      'manager.conf',
    );
    expect(config?.authTimeout).toBe(30);
    expect(config?.users.map((user) => user.name)).toEqual(['nosecret', 'spaced']);
    expect(config?.users[1]?.write).toEqual(['system']);
    const text = warnings.join('\n');
    expect(text).toMatch(/webenabled.*ignored/);
    expect(text).toMatch(/tlsenable.*ignored/);
    expect(text).toMatch(/invalid authtimeout value "0"/);
    expect(text).toMatch(/unknown manager general option "bogus"/);
    expect(text).toMatch(/\[nosecret\].*can never log in/);
    expect(text).toMatch(/\[named\].*named ACLs/);
    expect(text).toMatch(/\[badacl\].*invalid ACL/);
    expect(text).toMatch(/" message" names no class/);
  });

  it('an unusable value throws ERR_MSG_AMI_CONFIG with file and line, never showing a secret', () => {
    const run = () => readManagerConf('[general]\nenabled=yes\nport=99\n', '/etc/asterisk/manager.conf');
    expect(run).toThrow(/manager\.conf:3/);
    try {
      run();
    } catch (error) {
      expect(isMsgError(error, AmiErrorCode.Config)).toBe(true);
    }
    const secretError = () => readManagerConf('[general]\nenabled=maybe-Hunter2\n', 'manager.conf');
    expect(secretError).toThrow(/expected yes or no/);
  });

  it("Asterisk's manager.conf.sample, enabled and with its [mark] example uncommented: named ACL, so not loaded", () => {
    const sample = [
      '[general]',
      'enabled = yes',
      'port = 5038',
      'bindaddr = 0.0.0.0',
      ';--',
      '-- eventfilter ---',
      'Include and/or exclude events for this user.',
      '--;',
      '[mark]',
      'secret = mysecret',
      'deny=0.0.0.0/0.0.0.0',
      'permit=209.16.236.73/255.255.255.0',
      'acl=named_acl_example               ; use a named ACL from acl.conf',
      'setvar=PBXACCOUNT=edvina',
      'eventfilter(action(exclude),name(Newchannel),header(Channel),method(starts_with)) = Local/',
    ].join('\n');
    const { config, warnings } = readManagerConf(sample, 'manager.conf');
    expect(config).toMatchObject({ port: 5038, bindAddr: '0.0.0.0', users: [] });
    expect(warnings.join('\n')).toMatch(/\[mark\].*named ACLs/);
    expect(warnings.join('\n')).not.toContain('mysecret');
  });
});
