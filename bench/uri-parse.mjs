// URI-parse throughput: messagesend's hand-written RFC 3261 parser against the SIP URI parsers of
// jssip and sip.js (PEG grammars) and the npm `sip` stack's regex parseUri, on one corpus, one run.
import { parseSipUri } from '@messagesend/core';
import jssip from 'jssip';
import sipStack from 'sip';
import { Grammar as SipJsGrammar } from 'sip.js';
import { formatRate, opsPerSecond, printTable } from './lib/table.mjs';

// Typical traffic (contacts, Request-URIs, AORs) plus RFC 4475/5118 torture cases.
const valid = [
  'sip:alice@atlanta.com',
  'sip:alice@192.0.2.4:5060',
  'sips:bob@biloxi.example.com;transport=tls',
  'sip:+15551234567@gw.example.net;user=phone',
  'sip:user1@127.0.0.1:5062;transport=udp;ob',
  'sip:carol@chicago.com;lr;maddr=239.255.255.1;ttl=15',
  'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
  'sip:sips%3Auser%40example.com@example.net',
  'sip:user;par=u%40example.net@example.com',
  "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
  'sip:[2001:db8::10]',
  'sip:[2001:db8::10]:5070',
  'sip:user@[::ffff:192.0.2.10]',
];
const invalid = [
  'sip:2001:db8::10',
  'sip:user@example.com; lr',
  'sip:h:65536',
  'sip:u%zz@h',
  'sip:@h',
  'sip:u@-h.com',
];

const parsers = [
  [
    'messagesend parseSipUri',
    (text) => {
      const r = parseSipUri(text);
      return r.ok ? r.value : undefined;
    },
  ],
  [
    'sip parseUri (regex)',
    (text) => {
      try {
        return sipStack.parseUri(text);
      } catch {
        return undefined;
      }
    },
  ],
  ['jssip URI.parse (PEG)', (text) => jssip.URI.parse(text) ?? undefined],
  ['sip.js Grammar.URIParse (PEG)', (text) => SipJsGrammar.URIParse(text) ?? undefined],
];

function accepts(parse, text) {
  const value = parse(text);
  return (
    value !== undefined &&
    value !== null &&
    value !== -1 &&
    (value.host ?? value._host ?? value.raw?.host) !== undefined
  );
}

const rows = [];
let ours;
for (const [name, parse] of parsers) {
  const rate =
    opsPerSecond(() => {
      for (const text of valid) parse(text);
    }, 1500) * valid.length;
  ours ??= rate;
  const acceptedValid = valid.filter((text) => accepts(parse, text)).length;
  const rejectedInvalid = invalid.filter((text) => !accepts(parse, text)).length;
  rows.push([
    name,
    formatRate(rate),
    `${(rate / ours).toFixed(2)}x`,
    `${acceptedValid}/${valid.length}`,
    `${rejectedInvalid}/${invalid.length}`,
  ]);
}
printTable(
  `SIP URI parsing, ${valid.length}-URI corpus (Node ${process.version})`,
  ['parser', 'URIs/s', 'vs messagesend', 'valid accepted', 'invalid rejected'],
  rows,
);
