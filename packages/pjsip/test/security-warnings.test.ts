import { describe, expect, it } from 'vitest';
import { parsePjsipConf, pjsip } from '../src/index.js';

const CONF = `[open-phone]
type=endpoint
aors=open-phone

[open-phone]
type=aor
max_contacts=1

[texter]
type=endpoint

[safe]
type=endpoint
auth=safe-auth
aors=safe

[safe]
type=aor
max_contacts=1

[safe-auth]
type=auth
username=safe
password=x

[gw]
type=endpoint
identify_by=ip

[gw-id]
type=identify
endpoint=gw
match=192.0.2.1

[lost]
type=endpoint
identify_by=ip

[by-header]
type=endpoint
identify_by=header

[by-header-id]
type=identify
endpoint=by-header
match_header=X-Key: k

[anonymous]
type=endpoint

[ghost-id]
type=identify
endpoint=ghost
match=192.0.2.9
`;

describe('pjsip.conf security warnings at load', () => {
  const { warnings } = parsePjsipConf(CONF, { file: '/etc/asterisk/pjsip.conf' });
  const about = (name: string) => warnings.filter((w) => w.includes(`[${name}]`));

  it('an endpoint without auth= identified by From user: REGISTER and MESSAGE from anyone, with file and line', () => {
    expect(about('open-phone')).toEqual([
      expect.stringMatching(
        /^\/etc\/asterisk\/pjsip\.conf:1 \[open-phone\]: .*no auth=.*From user.*MESSAGE and REGISTER/,
      ),
    ]);
    expect(about('texter')).toEqual([
      expect.stringMatching(/^\/etc\/asterisk\/pjsip\.conf:9 \[texter\]: .*MESSAGE;/),
    ]);
  });

  it('a header-identified or anonymous endpoint without auth=, and an ip-only endpoint nothing matches', () => {
    expect(about('by-header')).toEqual([expect.stringMatching(/header any sender can set/)]);
    expect(about('anonymous')).toEqual([expect.stringMatching(/any sender/)]);
    expect(about('lost')).toEqual([expect.stringMatching(/no identify section matches it/)]);
  });

  it('an identify section pointing to an endpoint that does not exist', () => {
    expect(about('ghost-id')).toEqual([expect.stringMatching(/endpoint "ghost", which is not configured/)]);
  });

  it('no warning for an endpoint with auth= or restricted to a matched address', () => {
    expect(about('safe')).toEqual([]);
    expect(about('gw')).toEqual([]);
  });

  it('the typed config form gets the same warnings, named by section', () => {
    const tech = pjsip({ config: { endpoints: { texter: {} } } });
    expect(tech.warnings).toEqual([expect.stringMatching(/^\[texter\]: endpoint "texter" has no auth=/)]);
  });
});
