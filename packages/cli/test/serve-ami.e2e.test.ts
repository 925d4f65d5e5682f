import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { amiSession, makeConfigDir, type ServeProcess, startServe } from './serve-harness.js';

let uas: SippPeer;
let serve: ServeProcess;
let amiPort: number;

beforeAll(async () => {
  uas = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }]),
  });
  const config = await makeConfigDir(
    `[bob]\ntype=endpoint\naors=bob\n\n[bob]\ntype=aor\ncontact=sip:bob@127.0.0.1:${uas.port}\n`,
  );
  amiPort = await freePort('127.0.0.1');
  writeFileSync(
    join(config.dir, 'manager.conf'),
    `[general]\nenabled=yes\nport=${amiPort}\nbindaddr=127.0.0.1\n\n[admin]\nsecret=ami-secret-5\nread=all\nwrite=all\n`,
  );
  serve = await startServe(config);
});

afterAll(async () => {
  await serve?.process.stop();
  await uas?.stop();
});

it('AMI from manager.conf: Login, then MessageSend through the router reaches the SIPp UAS', async () => {
  const text = await amiSession(
    amiPort,
    [
      'Action: Login\r\nUsername: admin\r\nSecret: ami-secret-5\r\nActionID: 1\r\n\r\n',
      'Action: MessageSend\r\nDestination: pjsip:bob\r\nFrom: sip:ami@127.0.0.1\r\nBody: over AMI\r\nVariable: X-From-Ami=yes\r\nActionID: 2\r\n\r\n',
      'Action: MessageSend\r\nDestination: nope:bob\r\nActionID: 3\r\n\r\n',
    ],
    /ActionID: 3[\s\S]*\r\n\r\n/,
  );
  expect(text).toMatch(/^Asterisk Call Manager\//);
  expect(text).toMatch(/Response: Success\r\nActionID: 2\r\nMessage: Message successfully sent/);
  expect(text).toMatch(/Response: Error\r\nActionID: 3\r\nMessage: Message technology not found\./);
  const [request] = await uas.waitForRequests(1);
  expect(request?.body).toContain('over AMI');
  expect(request?.raw).toMatch(/X-From-Ami: yes/);
  const metrics = await (await fetch(`${serve.base}/metrics`)).text();
  expect(metrics).toMatch(/messagesend_sends_total\{tech="pjsip",status="SUCCESS"\} 1/);
  expect(serve.process.output()).not.toContain('ami-secret-5');
});
