import {
  defineConfSection,
  MsgError,
  confOption as o,
  parseAsteriskConf,
  readConfSection,
} from '@messagesend/core';
import { GatewayErrorCode } from '../errors.js';

/** http.conf's `[general]`, option by option, with Asterisk's defaults (main/http.c). */
export const HTTP_GENERAL = defineConfSection('http general', {
  enabled: o.boolean({ default: false }),
  bindaddr: o.string(),
  bindport: o.integer({ min: 0, max: 65535, default: 8088 }),
  prefix: o.string({ default: '' }),
  tlsenable: o.boolean({ default: false }),
  tlsbindaddr: o.string(),
  tlscertfile: o.string(),
  tlsprivatekey: o.string(),
  servername: o.string({ default: 'Asterisk' }),
  sessionlimit: o.integer({ min: 1, default: 100 }),
  session_inactivity: o.integer({ min: 1, default: 30_000 }),
  session_keep_alive: o.integer({ min: 1, default: 15_000 }),
  enablestatic: o.ignored('not implemented: no static files are served'),
  redirect: o.ignored('not implemented: no redirects are served'),
  enable_status: o.ignored('not implemented: /httpstatus is not served'),
  tlscipher: o.ignored('not implemented: Node.js chooses the TLS ciphers'),
  tlscafile: o.ignored(),
  tlscapath: o.ignored(),
  tlsclientmethod: o.ignored(),
  tlsdontverifyserver: o.ignored(),
});

export interface HttpConfig {
  /** Off when http.conf is missing or says enabled=no, as in Asterisk. */
  enabled: boolean;
  bindAddr: string;
  bindPort: number;
  /** `/prefix` (empty: ARI at `/ari`). */
  prefix: string;
  tls?: { bindAddr: string; port: number; certFile: string; keyFile: string };
  serverName: string;
  sessionLimit: number;
  sessionInactivityMs: number;
}

/** The HTTP server is off, as when http.conf is missing. */
export const HTTP_OFF: HttpConfig = Object.freeze({
  enabled: false,
  bindAddr: '127.0.0.1',
  bindPort: 8088,
  prefix: '',
  serverName: 'Asterisk',
  sessionLimit: 100,
  sessionInactivityMs: 30_000,
});

/** Splits `host[:port]` (IPv6 in brackets). */
function hostPort(text: string, defaultPort: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] ?? '', port: Number(bracketed[2] ?? defaultPort) };
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon)
    return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  return { host: text, port: defaultPort };
}

/** Reads http.conf as Asterisk's main/http.c does: only `[general]`, other sections are warned about. */
export function readHttpConf(text: string, fileName: string): { config: HttpConfig; warnings: string[] } {
  const conf = parseAsteriskConf(text, { file: fileName });
  const warnings = [...conf.warnings];
  const general = conf.sections.find((section) => section.name.toLowerCase() === 'general');
  for (const section of conf.sections)
    if (section !== general)
      warnings.push(`${section.file}:${section.line} [${section.name}]: section ignored`);
  if (!general) return { config: HTTP_OFF, warnings };
  const values = readConfSection(general, HTTP_GENERAL, { errorCode: GatewayErrorCode.HttpConfig, warnings });
  const prefix = values.prefix === '' ? '' : `/${values.prefix.replace(/^\/+|\/+$/g, '')}`;
  let tls: HttpConfig['tls'];
  if (values.tlsenable) {
    if (!values.tlscertfile)
      throw new MsgError(GatewayErrorCode.HttpConfig, `${fileName}: tlsenable=yes needs tlscertfile=`);
    const bind = hostPort(values.tlsbindaddr ?? '0.0.0.0', 8089);
    tls = {
      bindAddr: bind.host,
      port: bind.port,
      certFile: values.tlscertfile,
      keyFile: values.tlsprivatekey ?? values.tlscertfile,
    };
  }
  if (values.enabled && values.bindaddr === undefined)
    warnings.push(`${fileName}: enabled=yes without bindaddr: listening on 127.0.0.1 only`);
  return {
    config: {
      enabled: values.enabled,
      bindAddr: values.bindaddr ?? '127.0.0.1',
      bindPort: values.bindport,
      prefix,
      ...(tls ? { tls } : {}),
      serverName: values.servername,
      sessionLimit: values.sessionlimit,
      sessionInactivityMs: values.session_inactivity,
    },
    warnings,
  };
}
