import { describe, expect, it } from 'vitest';
import { extenFromUri } from '../src/index.js';

const cases: Array<[uri: string | undefined, exten: string | undefined, ignoreUserOptions?: boolean]> = [
  ['sip:1000@pbx', '1000'],
  ['sips:alice@example.com;transport=tls', 'alice'],
  ['sip:%31000@pbx', '1000'], // unescaped
  ['<sip:1000@pbx>', '1000'],
  ['"Bob" <sip:bob@h>', 'bob'],
  ['pjsip:user1@127.0.0.1', 'user1'], // pjsip's MESSAGE(to)
  ['pjsip:"Bob" <sip:bob@h>', 'bob'],
  ['sip:user1;phone-context=national@h', 'user1;phone-context=national'],
  ['sip:user1;phone-context=national@h', 'user1', true],
  ['sip:pbx.example.com', undefined], // no user: s
  ['not a uri', undefined],
  ['', undefined],
  [undefined, undefined],
];

describe('extenFromUri', () => {
  it.each(cases)('%s -> %s', (uri, exten, ignoreUserOptions) => {
    expect(extenFromUri(uri, { ignoreUserOptions: ignoreUserOptions ?? false })).toBe(exten);
  });
});
