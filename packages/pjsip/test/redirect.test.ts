import { describe, expect, it } from 'vitest';
import { parsePjsipConf } from '../src/index.js';
import { MAX_REDIRECT_CONTACTS, redirectContacts } from '../src/redirect.js';

describe('redirectContacts (res_pjsip redirect.c parse_redirect_contacts)', () => {
  it('orders by q, highest first; no q or a bad q is 1.0; equal q keeps received order', () => {
    expect(
      redirectContacts(['<sip:a@h>;q=0.1, <sip:b@h>;q=0.9', '<sip:c@h>', '<sip:d@h>;q=7', '<sip:e@h>;q=0.9'])
        .uris,
    ).toEqual(['sip:c@h', 'sip:d@h', 'sip:b@h', 'sip:e@h', 'sip:a@h']);
  });

  it('skips non-SIP Contacts and keeps at most 20', () => {
    expect(redirectContacts(['<tel:+123>', '<mailto:x@y>', '<sips:s@h>'])).toEqual({
      uris: ['sips:s@h'],
      malformed: 0,
    });
    const many = Array.from({ length: 30 }, (_, i) => `<sip:u${i}@h>`).join(', ');
    expect(redirectContacts([many]).uris).toHaveLength(MAX_REDIRECT_CONTACTS);
    expect(redirectContacts(['*', 'garbage <<<'])).toEqual({ uris: [], malformed: 1 });
    expect(redirectContacts(['<sip:u@h;transport=tcp?Subject=x>']).uris).toEqual(['sip:u@h;transport=tcp']);
  });

  it('one malformed or non-SIP entry in a Contact header does not cost the good ones beside it', () => {
    expect(redirectContacts(['<sip:a@h>;q=0.5, <sip:u:pw@>, <tel:+123>, <sip:b@h'])).toEqual({
      uris: ['sip:a@h'],
      malformed: 2,
    });
    expect(redirectContacts(['<tel:+123>, <sips:s@h>;q=0.2, garbage'])).toEqual({
      uris: ['sips:s@h'],
      malformed: 1,
    });
  });
});

describe('follow_redirect_methods', () => {
  it('message (any case) is read; another method refuses the endpoint section with a warning', () => {
    const ok = parsePjsipConf('[e]\ntype=endpoint\nfollow_redirect_methods=MESSAGE\n');
    expect(ok.config.endpoints?.e?.followRedirectMethods).toEqual(['message']);
    const bad = parsePjsipConf('[e]\ntype=endpoint\nfollow_redirect_methods=message,invite\n');
    expect(bad.config.endpoints?.e).toBeUndefined();
    expect(bad.warnings.join('\n')).toContain('unrecognized SIP method invite');
  });
});
