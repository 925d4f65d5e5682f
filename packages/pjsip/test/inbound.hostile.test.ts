import { hostileInboundTests } from '@messagesend/sip-ua/testing';
import { describe, it } from 'vitest';
import { pjsip } from '../src/index.js';

// pjsip's inbound handlers on a live listener: where one datagram with a control character in
// the From tag used to kill the process.
const conf = `
[global]
type=global

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[tcp]
type=transport
protocol=tcp
bind=127.0.0.1:0

[bob]
type=endpoint
aors=bob

[bob]
type=aor
contact=sip:bob@127.0.0.1:9
`;

hostileInboundTests(
  { describe, it },
  { name: 'pjsip', create: (options) => pjsip({ config: conf, ...options }) },
);
