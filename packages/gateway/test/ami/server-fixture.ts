import { freePort } from '@messagesend/test-peers';
import { type AmiConfig, type AmiSend, createAmiServer, readManagerConf } from '../../src/ami/index.js';

export interface SentCall {
  destination: string;
  message: Parameters<AmiSend>[1];
}

export const MANAGER_CONF = (port: number, extra = '') => `
[general]
enabled = yes
port = ${port}
bindaddr = 127.0.0.1
authtimeout = 2
${extra}

[admin]
secret = s3cret-Admin
read = system,call
write = system,call,message

[reader]
secret = reader-pass
read = all
write = call

[local-only]
secret = local-pass
deny = 0.0.0.0/0.0.0.0
permit = 10.0.0.0/8
write = message
`;

/** A started AMI server on a free port from a manager.conf text, with a recording `send`. */
export async function startAmi(
  options: { extra?: string; send?: AmiSend; conf?: (port: number) => string } = {},
) {
  const port = await freePort();
  const { config, warnings } = readManagerConf(
    (options.conf ?? ((p) => MANAGER_CONF(p, options.extra)))(port),
    'manager.conf',
  );
  if (config === undefined) throw new Error('AMI disabled');
  const calls: SentCall[] = [];
  const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    logs.push({ level, message, fields });
  const send: AmiSend =
    options.send ??
    (async (destination, message) => {
      calls.push({ destination, message });
      if (destination.startsWith('nosuch:')) return { status: 'INVALID_PROTOCOL' };
      if (destination.startsWith('fail:')) return { status: 'FAILURE', reason: 'TEST_FAIL' };
      return { status: 'SUCCESS' };
    });
  const server = createAmiServer({
    config: config as AmiConfig,
    send,
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    loginFailureDelayMs: 50,
  });
  const bound = await server.start();
  return { server, port: bound.port, calls, logs, warnings, config };
}
