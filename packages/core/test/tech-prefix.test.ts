import { describe, expect, it } from 'vitest';
import { splitDestination } from '../src/destination.js';
import { techPrefix } from '../src/router/tech-prefix.js';

describe("techPrefix: the router remembers a destination string's technology prefix", () => {
  it('gives what splitDestination gives, remembered or not', () => {
    for (const destination of ['PJSIP:alice', 'pjsip:alice', 'xmpp:bob@example.com', 'sip', 'Sip:bob@h']) {
      expect(techPrefix(destination)).toBe(splitDestination(destination)?.tech);
      expect(techPrefix(destination)).toBe(splitDestination(destination)?.tech); // the remembered answer
    }
  });

  it('an empty or non-string destination has none, and is not remembered', () => {
    expect(techPrefix('')).toBeUndefined();
    expect(techPrefix(undefined as unknown as string)).toBeUndefined();
  });

  it('stays right past its bound: the oldest entries go, every answer is still correct', () => {
    const destinations = Array.from({ length: 3000 }, (_, i) => `Tech${i % 7}:user${i}`);
    for (const destination of destinations)
      expect(techPrefix(destination)).toBe(destination.split(':')[0]!.toLowerCase());
    expect(techPrefix(destinations[0]!)).toBe('tech0');
  });
});
