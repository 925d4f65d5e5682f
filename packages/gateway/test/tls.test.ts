import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, makeTestCa } from '@messagesend/test-peers';
import { afterAll, expect, it } from 'vitest';
import { createGateway, createLogger, type Gateway } from '../src/index.js';

let gateway: Gateway | undefined;
afterAll(async () => {
  await gateway?.close();
});

it('http.conf tlsenable: ARI over HTTPS with the configured certificate, beside plain HTTP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-tls-'));
  const ca = makeTestCa(dir);
  const leaf = ca.leaf('server', { cn: 'localhost', san: ['DNS:localhost', 'IP:127.0.0.1'] });
  const [port, tlsPort] = [await freePort('127.0.0.1'), await freePort('127.0.0.1')];
  writeFileSync(
    join(dir, 'http.conf'),
    `[general]\nenabled=yes\nbindaddr=127.0.0.1\nbindport=${port}\ntlsenable=yes\ntlsbindaddr=127.0.0.1:${tlsPort}\ntlscertfile=${leaf.certFile}\ntlsprivatekey=${leaf.keyFile}\n`,
  );
  writeFileSync(join(dir, 'ari.conf'), '[u]\ntype=user\npassword=tls-pw\n');
  gateway = createGateway({ configDir: dir, logger: createLogger('silent') });
  const addresses = await gateway.start();
  expect(addresses.https).toEqual({ address: '127.0.0.1', port: tlsPort });
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const get = request(
      {
        host: '127.0.0.1',
        port: tlsPort,
        path: '/ari/asterisk/info',
        ca: ca.ca,
        servername: 'localhost',
        auth: 'u:tls-pw',
      },
      (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    get.on('error', reject);
    get.end();
  });
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body).system.version).toMatch(/^messagesend /);
  expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
});
