import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { startAmi } from './server-fixture.js';

// Both are CommonJS without types: the real npm AMI clients, used as their users use them.
const require = createRequire(import.meta.url);
const AsteriskManager = require('asterisk-manager') as (
  port: number,
  host: string,
  user: string,
  secret: string,
  events: boolean,
) => {
  action(
    fields: Record<string, unknown>,
    callback: (error: unknown, response: Record<string, unknown>) => void,
  ): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  disconnect(): void;
};
const AmiClient = require('asterisk-ami-client') as new (
  options?: Record<string, unknown>,
) => {
  connect(user: string, secret: string, options: { host: string; port: number }): Promise<unknown>;
  action(message: Record<string, string>, promisable: true): Promise<Record<string, string>>;
  disconnect(): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
};

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

function managerAction(
  manager: ReturnType<typeof AsteriskManager>,
  fields: Record<string, unknown>,
): Promise<{ error: unknown; response: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
    manager.action(fields, (error, response) => {
      clearTimeout(timer);
      resolve({ error, response });
    });
  });
}

describe('asterisk-manager 0.2.0 (npm) against the AMI server', () => {
  it('logs in, pings, and sends a message with variables, From and a To override', async () => {
    const ami = await startAmi();
    stop = () => ami.server.close();
    const manager = AsteriskManager(ami.port, '127.0.0.1', 'admin', 's3cret-Admin', false);
    stop = async () => {
      manager.disconnect();
      await ami.server.close();
    };
    const ping = await managerAction(manager, { action: 'Ping' });
    expect(ping.error).toBeUndefined();
    expect(ping.response.response).toBe('Success');
    expect(ping.response.ping).toBe('Pong');
    expect(String(ping.response.timestamp)).toMatch(/^\d{10}\.\d{6}$/);

    const sent = await managerAction(manager, {
      action: 'MessageSend',
      destination: 'pjsip:alice',
      to: 'sip:ralph@somewhere.com',
      from: 'sip:user0',
      body: 'hello from AMI',
      variable: { 'X-Custom': 'one', Priority: 'high' },
    });
    expect(sent.response).toMatchObject({ response: 'Success', message: 'Message successfully sent' });
    expect(ami.calls).toEqual([
      {
        destination: 'pjsip:alice',
        message: {
          body: 'hello from AMI',
          from: 'sip:user0',
          to: 'sip:ralph@somewhere.com',
          data: { 'X-Custom': 'one', Priority: 'high' },
        },
      },
    ]);

    const unknownTech = await managerAction(manager, { action: 'MessageSend', to: 'nosuch:bob', body: 'x' });
    expect(unknownTech.response).toMatchObject({
      response: 'Error',
      message: 'Message technology not found.',
    });
    const failed = await managerAction(manager, { action: 'MessageSend', to: 'fail:bob', body: 'x' });
    expect(failed.response).toMatchObject({ response: 'Error', message: 'Message failed to send.' });
    const noTo = await managerAction(manager, { action: 'MessageSend', body: 'x' });
    expect(noTo.response).toMatchObject({ response: 'Error', message: "No 'To' address specified." });
  });

  it('a wrong secret is refused ("Authentication failed") and the server closes the connection', async () => {
    const ami = await startAmi();
    stop = () => ami.server.close();
    const manager = AsteriskManager(ami.port, '127.0.0.1', 'admin', 'Wr0ng-Guess-77', false);
    const closed = new Promise<void>((resolve) => manager.on('close', () => resolve()));
    const login = await new Promise<Record<string, unknown>>((resolve) =>
      manager.on('response', (response) => resolve(response as Record<string, unknown>)),
    );
    expect(login).toMatchObject({ response: 'Error', message: 'Authentication failed' });
    await closed;
    expect(JSON.stringify(ami.logs)).not.toContain('Wr0ng-Guess-77');
  });
});

describe('asterisk-ami-client 1.1.5 (npm) against the AMI server', () => {
  it('connects (Login), pings, sends a Base64 body and comma-separated variables, and a reader may not send', async () => {
    const ami = await startAmi();
    stop = () => ami.server.close();
    const client = new AmiClient({ reconnect: false, keepAlive: false });
    await client.connect('admin', 's3cret-Admin', { host: '127.0.0.1', port: ami.port });
    stop = async () => {
      client.disconnect();
      await ami.server.close();
    };
    const pong = await client.action({ Action: 'Ping', ActionID: 'ping-1' }, true);
    expect(pong).toMatchObject({ Response: 'Success', ActionID: 'ping-1', Ping: 'Pong' });

    const response = await client.action(
      {
        Action: 'MessageSend',
        ActionID: 'send-1',
        Destination: 'memory:bob',
        Base64Body: Buffer.from('héllo, wörld').toString('base64'),
        Variable: 'A=1,B="x,y",C=',
      },
      true,
    );
    expect(response).toMatchObject({
      Response: 'Success',
      ActionID: 'send-1',
      Message: 'Message successfully sent',
    });
    expect(ami.calls.at(-1)).toEqual({
      destination: 'memory:bob',
      message: { body: 'héllo, wörld', data: { A: '1', B: 'x,y' } },
    });
    const unknown = await client.action({ Action: 'Originate', ActionID: 'o-1' }, true);
    expect(unknown).toMatchObject({
      Response: 'Error',
      Message: 'Invalid/unknown command: Originate. Use Action: ListCommands to show available commands.',
    });

    const reader = new AmiClient({ reconnect: false });
    await reader.connect('reader', 'reader-pass', { host: '127.0.0.1', port: ami.port });
    const denied = await reader.action(
      { Action: 'MessageSend', ActionID: 'r-1', To: 'memory:bob', Body: 'x' },
      true,
    );
    expect(denied).toMatchObject({ Response: 'Error', ActionID: 'r-1', Message: 'Permission denied' });
    reader.disconnect();
    expect(ami.calls).toHaveLength(1);
  });

  it('a connect with a wrong secret rejects', async () => {
    const ami = await startAmi();
    stop = () => ami.server.close();
    const client = new AmiClient({ reconnect: false });
    await expect(
      client.connect('admin', 'nope', { host: '127.0.0.1', port: ami.port }),
    ).rejects.toBeDefined();
  });
});
