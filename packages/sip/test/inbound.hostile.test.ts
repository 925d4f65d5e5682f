import { hostileInboundTests } from '@messagesend/sip-ua/testing';
import { describe, it } from 'vitest';
import { sip } from '../src/index.js';

// chan_sip's inbound handlers on a live listener: where one datagram with a control character in
// the From tag used to kill the process. The carrier peer is matched by source address.
const conf = `[general]
bindaddr=127.0.0.1
bindport=0
tcpenable=yes

[carrier]
type=peer
host=127.0.0.1
`;

hostileInboundTests(
  { describe, it },
  { name: 'sip', create: (options) => sip({ config: conf, ...options }) },
);
