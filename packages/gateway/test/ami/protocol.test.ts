import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AMI_VERSION, challengeKey } from '../../src/ami/index.js';
import { action, rawAmi } from './raw-client.js';
import { startAmi } from './server-fixture.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function started(extra?: string) {
  const ami = await startAmi({ extra });
  stop = () => ami.server.close();
  return ami;
}

const login = (username = 'admin', secret = 's3cret-Admin') =>
  action({ Action: 'Login', ActionID: 'l', Username: username, Secret: secret });

describe('AMI protocol, as main/manager.c answers', () => {
  it('greets with the banner and echoes ActionID on every response', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    expect(client.banner).toBe(`Asterisk Call Manager/${AMI_VERSION}`);
    client.send(action({ Action: 'Ping', ActionID: 'before-login' }));
    expect(Object.fromEntries(await client.next())).toEqual({
      Response: 'Error',
      ActionID: 'before-login',
      Message: 'Permission denied',
    });
    client.send(login());
    expect(Object.fromEntries(await client.next())).toEqual({
      Response: 'Success',
      ActionID: 'l',
      Message: 'Authentication accepted',
    });
    client.send(action({ Action: 'login', ActionID: 'again', Username: 'admin', Secret: 'x' }));
    expect((await client.next()).get('Message')).toBe('Already authenticated');
    client.send(action({ Action: 'NoSuchThing', ActionID: 'u1' }));
    expect(Object.fromEntries(await client.next())).toEqual({
      Response: 'Error',
      ActionID: 'u1',
      Message: 'Invalid/unknown command: NoSuchThing. Use Action: ListCommands to show available commands.',
    });
    client.send(action({ Action: 'Logoff', ActionID: 'bye' }));
    expect(Object.fromEntries(await client.next())).toEqual({
      Response: 'Goodbye',
      ActionID: 'bye',
      Message: 'Thanks for all the fish.',
    });
    await client.closed();
  });

  it('Challenge then Login with an MD5 Key; a key replayed on another connection is refused', async () => {
    const ami = await started();
    const first = await rawAmi(ami.port);
    first.send(action({ Action: 'Challenge', ActionID: 'c', AuthType: 'md5' }));
    const challenge = await first.next();
    expect(challenge.get('Response')).toBe('Success');
    expect(challenge.get('ActionID')).toBe('c');
    const value = challenge.get('Challenge')!;
    expect(value).toMatch(/^\d+$/);
    const key = challengeKey(value, 's3cret-Admin');
    first.send(action({ Action: 'Login', AuthType: 'MD5', Username: 'admin', Key: key }));
    expect((await first.next()).get('Message')).toBe('Authentication accepted');

    const replay = await rawAmi(ami.port);
    replay.send(action({ Action: 'Challenge', AuthType: 'MD5' }));
    expect((await replay.next()).get('Challenge')).not.toBe(value);
    replay.send(action({ Action: 'Login', AuthType: 'MD5', Username: 'admin', Key: key }));
    expect((await replay.next()).get('Message')).toBe('Authentication failed');
    await replay.closed();

    const noType = await rawAmi(ami.port);
    noType.send(action({ Action: 'Challenge' }));
    expect((await noType.next()).get('Message')).toBe('Must specify AuthType');
    expect(JSON.stringify(ami.logs)).not.toContain('s3cret-Admin');
    expect(JSON.stringify(ami.logs)).not.toContain(key);
  });

  it('MessageSend takes Destination over To, the first header of a name, repeated Variable lines in order', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    client.send(login());
    await client.next();
    client.send(
      'Action: MessageSend\r\nActionID: m1\r\nTo: sip:ralph@somewhere.com\r\nDestination: pjsip:user1\r\n' +
        'Body:   padded body  \r\nBody: second\r\nVariable: X-One=1\r\nvariable: X-Two=a=b, X-Three=3\r\n' +
        'Variable: novalue\r\nVariable: =noname\r\nVariable: X-One=again\r\n\r\n',
    );
    expect(Object.fromEntries(await client.next())).toEqual({
      Response: 'Success',
      ActionID: 'm1',
      Message: 'Message successfully sent',
    });
    expect(ami.calls[0]).toEqual({
      destination: 'pjsip:user1',
      message: {
        body: 'padded body  ',
        to: 'sip:ralph@somewhere.com',
        data: { 'X-One': 'again', 'X-Two': 'a=b', ' X-Three': '3' },
      },
    });
  });

  it("a Base64Body replaces Body and ends at a NUL; one longer than a line is refused (Asterisk's 1024-byte line)", async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    client.send(login());
    await client.next();
    const fits = Buffer.from('x'.repeat(750)).toString('base64');
    client.send(action({ Action: 'MessageSend', To: 'memory:a', Body: 'ignored', Base64Body: fits }));
    expect((await client.next()).get('Message')).toBe('Message successfully sent');
    client.send(
      action({
        Action: 'MessageSend',
        To: 'memory:a',
        Base64Body: Buffer.from('before\0after').toString('base64'),
      }),
    );
    await client.next();
    const tooLong = Buffer.from('x'.repeat(2000)).toString('base64');
    client.send(action({ Action: 'MessageSend', To: 'memory:a', Base64Body: tooLong }));
    expect((await client.next()).get('Message')).toBe('Failed to parse message: line too long');
    expect(ami.calls.map((call) => call.message.body)).toEqual(['x'.repeat(750), 'before']);
  });

  it('a send function that throws is answered "Message failed to send." and logged with its code', async () => {
    const ami = await startAmi({
      send: async () => {
        throw new Error('boom');
      },
    });
    stop = () => ami.server.close();
    const client = await rawAmi(ami.port);
    client.send(login());
    await client.next();
    client.send(action({ Action: 'MessageSend', ActionID: 't', To: 'memory:a', Body: 'x' }));
    expect(Object.fromEntries(await client.next())).toEqual({
      Response: 'Error',
      ActionID: 't',
      Message: 'Message failed to send.',
    });
    expect(ami.logs.some((log) => log.fields?.code === 'AMI_SEND_THREW')).toBe(true);
  });

  it('a user whose ACL denies the address cannot log in, even with the right secret', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    client.send(login('local-only', 'local-pass'));
    expect((await client.next()).get('Message')).toBe('Authentication failed');
    await client.closed();
    expect(ami.logs.some((log) => log.fields?.code === 'AMI_ACL_DENIED')).toBe(true);
  });

  it('allowmultiplelogin=no refuses a second login of the same user', async () => {
    const ami = await started('allowmultiplelogin = no');
    const first = await rawAmi(ami.port);
    first.send(login());
    expect((await first.next()).get('Message')).toBe('Authentication accepted');
    const second = await rawAmi(ami.port);
    second.send(login());
    expect((await second.next()).get('Message')).toBe('Login Already In Use');
    await second.closed();
    first.send(action({ Action: 'Logoff' }));
    await first.closed();
    const third = await rawAmi(ami.port);
    third.send(login());
    expect((await third.next()).get('Message')).toBe('Authentication accepted');
  });
});

describe('AMI bad input: a clear error or a disconnect, bounded, others unaffected', () => {
  it('lines without a colon and a packet without Action: "Missing action in request"', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    client.send('no colon here\r\nAction Ping\r\nActionID: x\r\n\r\n');
    expect(Object.fromEntries(await client.next())).toEqual({
      Response: 'Error',
      ActionID: 'x',
      Message: 'Missing action in request',
    });
    client.send('Action:\r\n\r\n');
    expect((await client.next()).get('Message')).toBe('Missing action in request');
  });

  it('a 1 MB line is discarded with bounded memory and answered "Failed to parse message: line too long"', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    const other = await rawAmi(ami.port);
    client.send(`Action: Ping\r\nActionID: big\r\nX: ${'a'.repeat(1024 * 1024)}\r\n\r\n`);
    const answer = await client.next(10_000);
    expect(answer.get('Response')).toBe('Error');
    expect(answer.get('Message')).toBe('Failed to parse message: line too long');
    other.send(login());
    expect((await other.next()).get('Message')).toBe('Authentication accepted');
    client.send(login());
    expect((await client.next()).get('Message')).toBe('Authentication accepted');
    expect(ami.logs.some((log) => log.fields?.code === 'AMI_LINE_TOO_LONG')).toBe(true);
  });

  it('more than 128 lines in a packet: "Too many lines in message or allocation failure"', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    client.send(`Action: Ping\r\n${'X: y\r\n'.repeat(200)}\r\n`);
    expect((await client.next()).get('Message')).toBe('Too many lines in message or allocation failure');
  });

  it('a client that never speaks is disconnected after authtimeout (2 s here)', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    const started_ = Date.now();
    await client.closed(6000);
    expect(Date.now() - started_).toBeGreaterThanOrEqual(1500);
    expect(ami.logs.some((log) => log.fields?.code === 'AMI_AUTH_TIMEOUT')).toBe(true);
  });

  it('authlimit: connections beyond the unauthenticated limit are closed on accept', async () => {
    const ami = await started('authlimit = 2');
    const a = await rawAmi(ami.port);
    const b = await rawAmi(ami.port);
    await expect(rawAmi(ami.port)).rejects.toThrow(/closed before the banner/);
    a.send(login());
    expect((await a.next()).get('Message')).toBe('Authentication accepted');
    const c = await rawAmi(ami.port);
    expect(c.banner).toMatch(/^Asterisk Call Manager\//);
    b.socket.destroy();
  });

  it('random bytes on many connections never crash it; a valid login works afterwards', async () => {
    const ami = await started();
    const watcher = await rawAmi(ami.port);
    watcher.send(login());
    await watcher.next();
    for (let round = 0; round < 30; round++) {
      const client = await rawAmi(ami.port);
      const size = 1 + ((round * 977) % 5000);
      client.send(randomBytes(size));
      client.send(round % 2 === 0 ? '\r\n\r\n' : randomBytes(64));
      client.socket.destroy();
    }
    // Bytes that form lines: every packet answered, none crashes the session.
    const fuzzed = await rawAmi(ami.port);
    const noise = Buffer.concat(
      Array.from({ length: 20 }, () => Buffer.concat([randomBytes(40), Buffer.from('\r\n\r\n')])),
    );
    fuzzed.send(noise);
    fuzzed.send(login());
    let message: string | undefined;
    for (let i = 0; i < 200 && message !== 'Authentication accepted'; i++)
      message = (await fuzzed.next()).get('Message');
    expect(message).toBe('Authentication accepted');
    watcher.send(action({ Action: 'Ping', ActionID: 'still' }));
    expect((await watcher.next()).get('Ping')).toBe('Pong');
    const fresh = await rawAmi(ami.port);
    fresh.send(login());
    expect((await fresh.next()).get('Message')).toBe('Authentication accepted');
  });

  it('a client that pipelines actions and never reads is cut off, others keep working', async () => {
    const ami = await started();
    const greedy = await rawAmi(ami.port);
    greedy.send(login());
    await greedy.next();
    greedy.socket.pause();
    const many = action({ Action: 'Ping', ActionID: 'p'.repeat(900) }).repeat(2000);
    for (let i = 0; i < 20; i++) greedy.socket.write(many);
    const other = await rawAmi(ami.port);
    other.send(login());
    expect((await other.next()).get('Message')).toBe('Authentication accepted');
    await greedy.closed(20_000);
    expect(ami.logs.some((log) => log.fields?.code === 'AMI_WRITE_STALLED')).toBe(true);
  });

  it('structured fuzz: 300 MessageSend packets with random values are each answered; the session keeps working', async () => {
    const ami = await started();
    const client = await rawAmi(ami.port);
    client.send(login());
    await client.next();
    const alphabet = 'abcXYZ019 :=,"\\()[]+/=\t\u00e9\u2713';
    const random = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    const headers = [
      'Destination',
      'To',
      'From',
      'Body',
      'Base64Body',
      'Variable',
      'variable',
      'ActionID',
      random(5),
    ];
    let text = '';
    for (let i = 0; i < 300; i++) {
      text += 'Action: MessageSend\r\n';
      for (let h = 0; h < 1 + (i % 9); h++)
        text += `${headers[(i + h) % headers.length]}:${random(1 + ((i * 31 + h) % 120))}\r\n`;
      text += '\r\n';
    }
    client.send(text);
    const answers: string[] = [];
    for (let i = 0; i < 300; i++) answers.push((await client.next()).get('Response')!);
    expect(answers.every((answer) => answer === 'Success' || answer === 'Error')).toBe(true);
    client.send(action({ Action: 'Ping', ActionID: 'after-fuzz' }));
    expect((await client.next()).get('ActionID')).toBe('after-fuzz');
    for (const call of ami.calls) {
      expect(typeof call.destination).toBe('string');
      expect(call.destination).not.toBe('');
      expect(typeof call.message.body).toBe('string');
    }
  });
});
