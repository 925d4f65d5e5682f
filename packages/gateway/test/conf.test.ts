import { describe, expect, it } from 'vitest';
import { authenticate, credentialsOf } from '../src/ari/credentials.js';
import { passwordMatches } from '../src/ari/password.js';
import { readAriConf } from '../src/config/ari-conf.js';
import { readHttpConf } from '../src/config/http-conf.js';
import { AriErrorCode, GatewayErrorCode } from '../src/errors.js';

describe('http.conf, read as Asterisk', () => {
  it('is off without enabled=yes; bindport 8088 and an empty prefix by default', () => {
    const { config } = readHttpConf('[general]\nbindaddr=127.0.0.1\n', 'http.conf');
    expect(config).toMatchObject({ enabled: false, bindAddr: '127.0.0.1', bindPort: 8088, prefix: '' });
  });
  it('reads prefix, TLS options, and warns about unknown options with file and line', () => {
    const { config, warnings } = readHttpConf(
      '[general]\nenabled=yes\nbindaddr=0.0.0.0\nbindport=8090\nprefix=asterisk/\ntlsenable=yes\ntlsbindaddr=0.0.0.0:8443\ntlscertfile=/c.pem\ntlsprivatekey=/k.pem\nfrobnicate=1\n',
      'http.conf',
    );
    expect(config).toMatchObject({ enabled: true, bindPort: 8090, prefix: '/asterisk' });
    expect(config.tls).toEqual({ bindAddr: '0.0.0.0', port: 8443, certFile: '/c.pem', keyFile: '/k.pem' });
    expect(warnings.join('\n')).toMatch(
      /http\.conf:10 \[general\]: unknown http general option "frobnicate"/,
    );
  });
  it('refuses tlsenable without a certificate, with its code', () => {
    expect(() => readHttpConf('[general]\ntlsenable=yes\n', 'http.conf')).toThrow(
      expect.objectContaining({ code: GatewayErrorCode.HttpConfig }),
    );
  });
  it('a bad bindport names the file and line', () => {
    expect(() => readHttpConf('[general]\nbindport=http\n', 'http.conf')).toThrow(/http\.conf|line/);
  });
});

describe('ari.conf, read as Asterisk', () => {
  const text = `[general]\nenabled=yes\nallowed_origins=https://a.example, https://b.example\n\n[admin]\ntype=user\npassword=pw\n\n[reader]\ntype=user\nread_only=yes\npassword=r\n\n[nopw]\ntype=user\n\n[other]\nfoo=bar\n`;
  it('reads users with read_only and plain passwords; a user without a password is refused', () => {
    const { config, warnings } = readAriConf(text, 'ari.conf');
    expect(config.enabled).toBe(true);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect([...config.users.keys()]).toEqual(['admin', 'reader']);
    expect(config.users.get('reader')?.readOnly).toBe(true);
    expect(warnings.join('\n')).toMatch(/\[nopw\]: user has no password/);
    expect(warnings.join('\n')).toMatch(/\[other\]: no type=user/);
    expect(warnings.join('\n')).not.toContain('=pw');
  });
  it('enabled defaults to yes (res_ari), and enabled=no turns ARI off', () => {
    expect(readAriConf('[general]\n', 'ari.conf').config.enabled).toBe(true);
    expect(readAriConf('[general]\nenabled=no\n', 'ari.conf').config.enabled).toBe(false);
  });
  it('password_format=crypt checks SHA-512 and SHA-256 crypt hashes (mkpasswd -m sha-512)', () => {
    // crypt(3) of "secret" with salt saltsalt, made by glibc (Python's crypt module)
    const sha512 =
      '$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1';
    const { config } = readAriConf(`[u]\ntype=user\npassword_format=crypt\npassword=${sha512}\n`, 'ari.conf');
    const user = config.users.get('u');
    expect(user).toBeDefined();
    if (!user) return;
    expect(passwordMatches(user, 'secret')).toBe(true);
    expect(passwordMatches(user, 'Secret')).toBe(false);
    expect(() =>
      readAriConf('[u]\ntype=user\npassword_format=crypt\npassword=abJnggxhB/yWI\n', 'ari.conf'),
    ).toThrow(expect.objectContaining({ code: GatewayErrorCode.AriConfig }));
  });
});

describe('ARI credentials', () => {
  const { config } = readAriConf('[admin]\ntype=user\npassword=p:w\n', 'ari.conf');
  it('takes Basic and api_key=user:password (the password may hold a colon)', () => {
    const basic = `Basic ${Buffer.from('admin:p:w').toString('base64')}`;
    expect(authenticate(config, credentialsOf(basic, undefined))?.name).toBe('admin');
    expect(authenticate(config, credentialsOf(undefined, 'admin:p:w'))?.name).toBe('admin');
    expect(authenticate(config, credentialsOf(undefined, 'admin:p'))).toBeUndefined();
    expect(authenticate(config, credentialsOf(undefined, 'nobody:p:w'))).toBeUndefined();
    expect(authenticate(config, credentialsOf('Bearer x', undefined))).toBeUndefined();
    expect(credentialsOf(undefined, 'no-colon')).toBeUndefined();
  });
  it('codes are exported constants with the ARI_ prefix', () => {
    for (const code of Object.values(AriErrorCode)) expect(code).toMatch(/^ARI_[A-Z_]+$/);
    for (const code of Object.values(GatewayErrorCode)) expect(code).toMatch(/^GATEWAY_[A-Z_]+$/);
  });
});
