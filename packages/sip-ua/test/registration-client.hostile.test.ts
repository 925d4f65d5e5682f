import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { type RegistrationState, registrationClient, type SipStack, startSipStack } from '../src/index.js';

const cleanups: (() => Promise<unknown> | undefined)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A registrar on a real UDP socket that answers every REGISTER with `answer(request)` (raw text). */
async function hostileRegistrar(
  answer: (request: string) => string | undefined,
): Promise<{ port: number; requests: string[] }> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const requests: string[] = [];
  socket.on('message', (data, from) => {
    const text = data.toString('utf8');
    requests.push(text);
    const reply = answer(text);
    if (reply !== undefined) socket.send(Buffer.from(reply, 'utf8'), from.port, from.address);
  });
  return { port: socket.address().port, requests };
}

/** A response copying Via, From, To (tagged), Call-ID and CSeq. */
function reply(request: string, statusLine: string, extra: string[] = []): string {
  const head = request.split('\r\n\r\n')[0]!.split('\r\n');
  const copy = (name: string) =>
    head.filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return [
    `SIP/2.0 ${statusLine}`,
    ...copy('Via'),
    ...copy('From'),
    ...copy('To').map((line) => `${line};tag=h1`),
    ...copy('Call-ID'),
    ...copy('CSeq'),
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

async function stack(): Promise<SipStack> {
  const running = await startSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
  cleanups.push(() => running.close());
  return running;
}

function client(
  running: SipStack,
  port: number,
  extra: Parameters<typeof registrationClient>[1] extends infer O ? Partial<O> : never = {},
) {
  const local = running.address('udp')!;
  const registration = registrationClient((request, options) => running.send(request, options), {
    serverUri: `sip:127.0.0.1:${port}`,
    clientUri: `sip:alice@127.0.0.1:${port}`,
    contact: () => `sip:alice@${local.host}:${local.port}`,
    credentials: [{ username: 'alice', password: 'S3cretPw' }],
    expirationSec: 60,
    requestTimeoutMs: 2000,
    unregisterTimeoutMs: 500,
    ...extra,
  });
  cleanups.push(() => registration.close());
  return registration;
}

const until = async (get: () => RegistrationState, accept: (s: RegistrationState) => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!accept(get())) {
    if (Date.now() > end) throw new Error(`state still ${JSON.stringify(get())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return get();
};

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('REGISTER client against hostile registrars (real UDP)', () => {
  it('a registrar granting 0 s gets at most one REGISTER a second, not a loop', async () => {
    const arrivals: number[] = [];
    const registrar = await hostileRegistrar((request) => {
      arrivals.push(performance.now());
      return reply(request, '200 OK', ['Expires: 0']);
    });
    // The client's clock, held still: its state says exactly when it will ask again.
    const at = 1_000_000;
    const registration = client(await stack(), registrar.port, { now: () => at });
    registration.start();
    const state = await until(registration.state, (s) => s.status === 'registered');
    expect(state).toEqual({ status: 'registered', expiresAt: at, refreshAt: at + 1000 });
    // Its timer keeps to that: the next REGISTER comes a second later, not at once (timers never fire early).
    await waitFor(() => registrar.requests.length >= 2, 3000);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950);
  });

  it('503 with Retry-After: retried after the server says, reported with why and when', async () => {
    const registrar = await hostileRegistrar((request) => reply(request, '503 Go Away', ['Retry-After: 1']));
    const registration = client(await stack(), registrar.port);
    registration.start();
    const state = await until(registration.state, (s) => s.status === 'rejected');
    expect(state).toMatchObject({
      status: 'rejected',
      permanent: false,
      code: 503,
      why: 'Go Away',
      retries: 0,
    });
    const retryAt = (state as { retryAt: number }).retryAt;
    expect(retryAt - Date.now()).toBeLessThanOrEqual(1000);
    await waitFor(() => registrar.requests.length >= 2, 3000);
  });

  it('an endless challenge is answered a bounded number of times, then rejected 401 with no password on the wire', async () => {
    let nonce = 0;
    const registrar = await hostileRegistrar((request) =>
      reply(request, '401 Unauthorized', [
        `WWW-Authenticate: Digest realm="x", nonce="n${nonce++}", algorithm=MD5`,
      ]),
    );
    const registration = client(await stack(), registrar.port);
    registration.start();
    const state = await until(registration.state, (s) => s.status === 'rejected');
    expect(state).toMatchObject({ permanent: true, code: 401 });
    expect(registrar.requests.length).toBeLessThanOrEqual(4);
    expect(registrar.requests.join('')).not.toContain('S3cretPw');
  });

  it('garbage and silence: the REGISTER times out within its bound and is retried later; close() is bounded', async () => {
    const registrar = await hostileRegistrar(() => '\u0000\u00ff not sip at all');
    const registration = client(await stack(), registrar.port, { requestTimeoutMs: 500 });
    registration.start();
    const state = await until(registration.state, (s) => s.status === 'rejected', 6000);
    expect(state).toMatchObject({ status: 'rejected', permanent: false, code: 408, retries: 1 });
    const started = Date.now();
    await registration.close();
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
