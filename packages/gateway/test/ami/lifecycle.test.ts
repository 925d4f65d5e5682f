import { isMsgError } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { AmiErrorCode, type AmiSend, createAmiServer, readManagerConf } from '../../src/ami/index.js';
import { action, rawAmi } from './raw-client.js';
import { startAmi } from './server-fixture.js';

describe('AMI server lifecycle', () => {
  it('close() lets a running MessageSend answer before the session is closed', async () => {
    let release: (() => void) | undefined;
    const send: AmiSend = () =>
      new Promise((resolve) => {
        release = () => resolve({ status: 'SUCCESS' });
      });
    const ami = await startAmi({ send });
    const client = await rawAmi(ami.port);
    client.send(action({ Action: 'Login', Username: 'admin', Secret: 's3cret-Admin' }));
    await client.next();
    client.send(action({ Action: 'MessageSend', ActionID: 'inflight', To: 'memory:a', Body: 'x' }));
    while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = ami.server.close();
    setTimeout(() => release?.(), 100);
    const answer = await client.next();
    expect(answer.get('ActionID')).toBe('inflight');
    expect(answer.get('Message')).toBe('Message successfully sent');
    await closing;
    await client.closed();
    await expect(rawAmi(ami.port)).rejects.toThrow();
  });

  it('a client that sends its actions and shuts its side still gets every answer', async () => {
    const ami = await startAmi({
      send: () => new Promise((resolve) => setTimeout(() => resolve({ status: 'SUCCESS' }), 50)),
    });
    const client = await rawAmi(ami.port);
    client.socket.end(
      action({ Action: 'Login', Username: 'admin', Secret: 's3cret-Admin' }) +
        action({ Action: 'MessageSend', ActionID: 'half', To: 'memory:a', Body: 'x' }),
    );
    expect((await client.next()).get('Message')).toBe('Authentication accepted');
    expect((await client.next()).get('Message')).toBe('Message successfully sent');
    await client.closed();
    await ami.server.close();
  });

  it('a port in use fails start() with ERR_MSG_AMI_BIND_FAILED', async () => {
    const ami = await startAmi();
    const { config } = readManagerConf(
      `[general]\nenabled=yes\nport=${ami.port}\nbindaddr=127.0.0.1\n`,
      'manager.conf',
    );
    const second = createAmiServer({ config: config!, send: async () => ({ status: 'SUCCESS' }) });
    const failure = await second.start().catch((error: unknown) => error);
    expect(isMsgError(failure, AmiErrorCode.BindFailed)).toBe(true);
    await ami.server.close();
  });
});
