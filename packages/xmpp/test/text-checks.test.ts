import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { trustedCas } from '../src/connection/trust.js';
import { chatMessage } from '../src/outgoing.js';
import { oversizedStanza } from '../src/stanza-size.js';
import { findForbiddenXmlChar } from '../src/xml-chars.js';

describe('findForbiddenXmlChar: what XML 1.0 cannot carry', () => {
  it.each([
    ['a\u0000b', 1, 'U+0000'],
    ['\u0001', 0, 'U+0001'],
    ['x\u001b[31m', 1, 'U+001B'],
    ['ok \uFFFE', 3, 'U+FFFE'],
    ['ok \uFFFF', 3, 'U+FFFF'],
    ['lone \uD800 high', 5, 'U+D800'],
    ['lone \uDC00 low', 5, 'U+DC00'],
    ['reversed \uDE00\uD83D', 9, 'U+DE00'],
  ])('%j: offset %i, %s', (text, offset, codePoint) =>
    expect(findForbiddenXmlChar(text)).toEqual({ offset, codePoint }),
  );

  it('tab, LF, CR, BMP text, a surrogate pair, U+FFFD and C1 controls are allowed', () =>
    expect(
      findForbiddenXmlChar('\t\n\r héllo \u{1F600} \uFFFD \u0085 \uD7FF \uE000 \u{10FFFF}'),
    ).toBeUndefined());
});

describe('oversizedStanza: the serialized size against the limit', () => {
  it('skips rendering when the body cannot reach the limit', () => {
    const render = () => {
      throw new Error('not rendered');
    };
    expect(oversizedStanza('x'.repeat(1000), render, 262_144)).toBeUndefined();
  });
  it('counts escaping and UTF-8: the rendered bytes decide', () => {
    expect(
      oversizedStanza('"'.repeat(50_000), () => `<body>${'&quot;'.repeat(50_000)}</body>`, 262_144),
    ).toBe(300_013);
    expect(
      oversizedStanza('é'.repeat(50_000), () => `<body>${'é'.repeat(50_000)}</body>`, 262_144),
    ).toBeUndefined();
  });
});

describe('the stanza a body becomes', () => {
  it('a CR is written as &#13; (an XML parser would turn a raw CR LF into LF); tab and LF stay as they are', () => {
    const stanza = chatMessage('b@x', 'a@x/r', 'id1', 'one\r\ntwo\rthree\tfour\n<&>', false).toString();
    expect(stanza).toBe(
      '<message type="chat" to="b@x" from="a@x/r" id="id1"><body>one&#13;\ntwo&#13;three\tfour\n&lt;&amp;&gt;</body></message>',
    );
  });
  it('a body without CR is the plain escaped text', () =>
    expect(chatMessage('b@x', 'a@x/r', 'i', '"q" <', false).toString()).toBe(
      '<message type="chat" to="b@x" from="a@x/r" id="i"><body>"q" &lt;</body></message>',
    ));
});

describe('trustedCas: the ca option adds to the trusted roots', () => {
  it("keeps every one of Node's roots and adds the extra CA", () => {
    const extra = '-----BEGIN CERTIFICATE-----\nextra\n-----END CERTIFICATE-----\n';
    const trusted = trustedCas(extra);
    expect(trusted).toEqual([...rootCertificates, extra]);
    expect(rootCertificates.length).toBeGreaterThan(50);
  });
});
