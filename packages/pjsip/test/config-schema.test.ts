import { describe, expect, it } from 'vitest';
import { parsePjsipConf } from '../src/index.js';

describe('pjsip.conf schemas', () => {
  it('options accepted without effect that matter are reported with file and line, never with their value', () => {
    const { warnings } = parsePjsipConf(
      '[tls]\ntype=transport\nprotocol=tls\nverify_client=yes\nmethod=tlsv1_2\ntos=cs3\n',
      { file: 'pjsip.conf' },
    );
    expect(warnings).toEqual([
      'pjsip.conf:4 [tls]: transport option "verify_client" ignored: not implemented: client certificates are neither requested nor verified',
      `pjsip.conf:5 [tls]: transport option "method" ignored: not implemented: TLS versions are Node.js's defaults`,
    ]);
  });

  it("booleans take every form of Asterisk's ast_true and ast_false", () => {
    const { config } = parsePjsipConf(
      '[a]\ntype=endpoint\nuser_eq_phone=y\n[b]\ntype=endpoint\nuser_eq_phone=F\n',
    );
    expect(config.endpoints?.a?.userEqPhone).toBe(true);
    expect(config.endpoints?.b?.userEqPhone).toBe(false);
  });

  it('identify sections do not share their match lists', () => {
    const { config } = parsePjsipConf(
      '[i1]\ntype=identify\nendpoint=e\nmatch_header=X-A: 1\n[i2]\ntype=identify\nendpoint=e\nmatch_header=X-B: 2\n',
    );
    expect(config.identifies?.[0]?.match).toEqual([]);
    expect(config.identifies?.[0]?.match).not.toBe(config.identifies?.[1]?.match);
  });
});
