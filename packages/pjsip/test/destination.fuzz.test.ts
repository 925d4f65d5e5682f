import { createRouter, formatSipUri, parseSipUri, type SipUri, sipUriEquals } from '@messagesend/core';
import { fuzzSipDestinations, sipWireProblems } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';
import { TESTSUITE_CONF } from './helpers.js';

/** Every documented pjsip: form around a fuzzed URI (R2.2-R2.3). */
const destinations = fuzzSipDestinations(4000, ({ scheme, user, host, tail }, pick) => {
  const userAt = user === '' ? '' : `${user}@`;
  const uri = `${scheme.toLowerCase()}${userAt}${host}${tail}`;
  return pick([
    `pjsip:${uri}`,
    `pjsip:<${uri}>`,
    `pjsip:"Name" <${uri}>`,
    `pjsip:sipp/${uri}`,
    `pjsip:sipp/${userAt}${host}${tail}`,
    `pjsip:${userAt}${host}${tail}`,
    `pjsip:PJSIP/${user || 'x'}@sipp`,
  ]);
});

/** The URI without parameters and headers (pjsip reorders and drops some). */
const bare = (uri: SipUri): SipUri => ({ ...uri, params: [], headers: [] });

describe('pjsip: destinations on the wire (fuzz)', () => {
  it('every accepted destination gives a Request-URI, From and To that RFC 3261 accepts', async () => {
    const router = createRouter({ techs: [pjsip({ config: TESTSUITE_CONF })] });
    let accepted = 0;
    const invalid: string[] = [];
    for (const destination of destinations) {
      const result = await router.send(destination, { body: 'x' }, { dryRun: true });
      if (result.status !== 'SUCCESS') {
        // What cannot be sent is refused as a destination (INVALID_URI), never a late bad-header FAILURE;
        // a `/` in the text names an endpoint, which may not exist.
        expect(
          ['INVALID_URI DESTINATION_UNPARSABLE', 'FAILURE PJSIP_UNKNOWN_ENDPOINT'],
          destination,
        ).toContain(`${result.status} ${result.reason}`);
        continue;
      }
      accepted++;
      const problems = sipWireProblems(result.preview!);
      // A destination that is a URI keeps its identity (RFC 3261 §19.1.4), password aside.
      const written = /^pjsip:(?:<|"Name" <)?(sips?:[^>]*)>?$/.exec(destination)?.[1];
      const asWritten = written === undefined ? undefined : parseSipUri(written);
      const sent = parseSipUri(result.preview!.split(' ')[1]!);
      if (asWritten?.ok && asWritten.value.password === undefined && sent.ok) {
        if (!sipUriEquals(bare(asWritten.value), bare(sent.value)))
          problems.push(`Request-URI ${formatSipUri(sent.value)} is not the URI ${written}`);
      }
      if (problems.length > 0) invalid.push(`${destination}: ${problems.join('; ')}`);
    }
    console.log(
      `pjsip: fuzz: tried ${destinations.length}, accepted ${accepted}, invalid on the wire ${invalid.length}`,
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
    expect(accepted).toBeGreaterThan(1000);
  });
});
