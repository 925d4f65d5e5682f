import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createRouter, type InboundHandler } from '@messagesend/core';
import { memoryTech } from '@messagesend/core/testing';
import { freePort, writeConfigFolder } from '@messagesend/test-peers';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readAriConf } from '../src/config/ari-conf.js';
import { createGateway, createLogger, type Gateway } from '../src/index.js';

const gateways: Gateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream) };
}

async function typedGateway(
  options: { allowedOrigins?: string; inactivityMs?: number; inbound?: InboundHandler[] } = {},
) {
  const tech = memoryTech({ name: 'memory' });
  const router = createRouter({ techs: [tech] });
  const port = await freePort('127.0.0.1');
  const { config: ari } = readAriConf(
    `[general]\nallowed_origins=${options.allowedOrigins ?? ''}\n[u]\ntype=user\npassword=pw-123\n`,
    'ari.conf',
  );
  const { lines, logger } = captureLogs();
  const gateway = createGateway({
    configs: {
      ari,
      http: {
        enabled: true,
        bindAddr: '127.0.0.1',
        bindPort: port,
        prefix: '',
        serverName: 'Asterisk',
        sessionLimit: 100,
        sessionInactivityMs: options.inactivityMs ?? 30_000,
      },
    },
    router,
    logger,
    ...(options.inbound ? { inbound: options.inbound } : {}),
  });
  gateways.push(gateway);
  await gateway.start();
  return { gateway, tech, router, port, lines };
}

function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', () => resolve(-1));
  });
}

describe('createGateway', () => {
  it('from a folder: a technology that fails to load is reported and the others serve; no http.conf, no HTTP', async () => {
    const sipPort = await freePort('127.0.0.1');
    const dir = writeConfigFolder(
      {
        'pjsip.conf': `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:${sipPort}\n[a]\ntype=endpoint\n`,
        'sip.conf': '[general]\nbindport=notaport\n',
      },
      'gateway',
    );
    const { logger, lines } = captureLogs();
    const gateway = createGateway({ configDir: dir, logger });
    gateways.push(gateway);
    expect(gateway.failures.map((failure) => failure.file)).toEqual([join(dir, 'sip.conf')]);
    expect(gateway.router.names()).toEqual(['pjsip']);
    const addresses = await gateway.start();
    expect(addresses.http).toBeUndefined();
    expect(lines.join('')).toMatch(/sip\.conf not loaded/);
  });

  it('inbound: hook handlers and ARI applications both get it (Asterisk R1.8.2); with neither, the technology hears not-found', async () => {
    const hooked: string[] = [];
    const { tech, port } = await typedGateway({
      inbound: [(message) => (message.body === 'hello' ? void hooked.push(message.body) : false)],
    });
    expect(await tech.receive({ body: 'x', destination: 'memory:alice', endpoint: 'alice' })).toBe(
      'not-found',
    );
    const socket = new WebSocket(
      `ws://127.0.0.1:${port}/ari/events?app=a&subscribeAll=true&api_key=u:pw-123`,
    );
    const events: { type: string; message: { body: string } }[] = [];
    socket.on('message', (data) => events.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    expect(
      await tech.receive({ body: 'hello', from: 'memory:bob', destination: 'memory:bob', endpoint: 'bob' }),
    ).toBe('accepted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hooked).toEqual(['hello']);
    expect(events).toMatchObject([
      { type: 'TextMessageReceived', application: 'a', message: { body: 'hello', from: 'memory:bob' } },
    ]);
    socket.close();
  });

  it('WebSocket: 401 without credentials, 400 without app, 403 from an origin not allowed', async () => {
    const { port } = await typedGateway({ allowedOrigins: 'https://ok.example' });
    const base = `ws://127.0.0.1:${port}/ari/events`;
    expect(await wsStatus(`${base}?app=a`)).toBe(401);
    expect(await wsStatus(`${base}?app=a&api_key=u:wrong`)).toBe(401);
    expect(await wsStatus(`${base}?api_key=u:pw-123`)).toBe(400);
    expect(await wsStatus(`${base}?app=a&api_key=u:pw-123`, { Origin: 'https://evil.example' })).toBe(403);
    expect(await wsStatus(`${base}?app=a&api_key=u:pw-123`, { Origin: 'https://ok.example' })).toBe(101);
  });

  it('sendMessage through the router: 202 with X-Message-Id, its delivery report, and no password in any log line', async () => {
    const { tech, port, lines } = await typedGateway();
    const response = await fetch(
      `http://127.0.0.1:${port}/ari/endpoints/sendMessage?to=memory:alice&from=memory:me&body=hi&api_key=u:pw-123`,
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"variables":{"X-A":"1"}}' },
    );
    expect(response.status).toBe(202);
    expect(tech.sent).toMatchObject([
      { destination: 'memory:alice', message: { body: 'hi', data: { 'X-A': '1' } } },
    ]);
    const id = response.headers.get('x-message-id');
    const report = await (
      await fetch(`http://127.0.0.1:${port}/ari/messagesend/deliveries/${id}?api_key=u:pw-123`)
    ).json();
    expect(report).toMatchObject({ message_id: id, destination: 'memory:alice' });
    expect(lines.join('')).toMatch(/api_key=\*\*\*/);
    expect(lines.join('')).not.toContain('pw-123');
  });

  it('a client that connects and never speaks, or stops mid-request, is dropped after session_inactivity; others are served', async () => {
    const { port } = await typedGateway({ inactivityMs: 1000 });
    const net = await import('node:net');
    const heldOpen = (first: string) =>
      new Promise<number>((resolve) => {
        const started = Date.now();
        const socket = net.connect(port, '127.0.0.1', () => socket.write(first));
        socket.on('data', () => {});
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', () => {});
      });
    const silent = heldOpen('');
    const partial = heldOpen(
      'PUT /ari/endpoints/sendMessage HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"va',
    );
    expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    expect(await silent).toBeLessThan(10_000);
    expect(await partial).toBeLessThan(10_000);
  });

  it('allowed_origins: CORS headers and preflight for listed origins only', async () => {
    const { port } = await typedGateway({ allowedOrigins: 'https://ok.example' });
    const url = `http://127.0.0.1:${port}/ari/endpoints?api_key=u:pw-123`;
    const ok = await fetch(url, { headers: { Origin: 'https://ok.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://ok.example');
    const other = await fetch(url, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = (origin: string) =>
      fetch(`http://127.0.0.1:${port}/ari/endpoints/sendMessage`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT' },
      });
    expect((await preflight('https://ok.example')).status).toBe(204);
    expect((await preflight('https://evil.example')).status).toBe(403);
  });
});
