import { createRouter } from '@messagesend/core';
import { fuzzSipDestinations, sipWireProblems } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

const conf = `
[general]
bindaddr=127.0.0.1
bindport=5070

[peer1]
type=peer
host=127.0.0.1
defaultuser=d%ef ault
`;

/** sip: destinations: the tech prefix doubles as the scheme, optionally inside <> (R3.1). */
const destinations = fuzzSipDestinations(4000, ({ scheme, user, host, tail }, pick) => {
  const uri = `${scheme}${user === '' ? '' : `${user}@`}${host}${tail}`;
  return pick([`sip:${uri.slice(uri.indexOf(':') + 1)}`, `sip:<${uri}>`, `sip:"Name" <${uri}>`]);
});

describe('sip: destinations on the wire (fuzz)', () => {
  it('every accepted destination gives a Request-URI, From and To that RFC 3261 accepts', async () => {
    const router = createRouter({ techs: [sip({ config: conf })] });
    let accepted = 0;
    const invalid: string[] = [];
    for (const destination of destinations) {
      const result = await router.send(destination, { body: 'x' }, { dryRun: true });
      if (result.status !== 'SUCCESS') {
        // What cannot be sent is refused as a destination, or is chan_sip's numeric-host FAILURE.
        if (result.status === 'FAILURE') expect(result.reason, destination).toBe('CHAN_SIP_NUMERIC_HOST');
        else expect(result.status, destination).toBe('INVALID_URI');
        continue;
      }
      accepted++;
      const problems = sipWireProblems(result.preview!);
      if (problems.length > 0) invalid.push(`${destination}: ${problems.join('; ')}`);
    }
    console.log(
      `sip: fuzz: tried ${destinations.length}, accepted ${accepted}, invalid on the wire ${invalid.length}`,
    );
    expect({
      tried: destinations.length,
      invalid: invalid.slice(0, 5),
      invalidCount: invalid.length,
    }).toEqual({
      tried: 4000,
      invalid: [],
      invalidCount: 0,
    });
    // Most destinations must get through, or the fuzz proves nothing.
    expect(accepted).toBeGreaterThan(1000);
  });
});
