import { describe, expect, it } from 'vitest';
import { calleridName } from '../src/callerid-name.js';

// res_pjsip caller_id_handler → ast_callerid_split: the name Asterisk sets PJSIP_ENDPOINT from.
describe('calleridName (PJSIP_ENDPOINT from the endpoint callerid, as Asterisk splits it)', () => {
  it.each([
    ['"Alice" <100>', 'Alice'],
    ['Alice <100>', 'Alice'],
    ['Alice', 'Alice'],
    ['  Alice Smith  ', 'Alice Smith'],
    ['"5551234"', '5551234'],
    ['"Al\\"ice" <1>', 'Al"ice'],
    ['Alice <100', 'Alice'],
    ['Alice123', 'Alice123'],
  ])('%s has the name %s', (callerid, name) => {
    expect(calleridName(callerid)).toBe(name);
  });

  it.each([['100'], ['+1 (555) 123-4567'], ['<100>'], ['""'], [''], [undefined], ['*#99']])(
    '%s has no name (a bare number, or nothing)',
    (callerid) => {
      expect(calleridName(callerid)).toBeUndefined();
    },
  );

  it('keeps at most 79 characters, as its 80-byte buffer', () => {
    expect(calleridName('x'.repeat(200))).toHaveLength(79);
  });
});
