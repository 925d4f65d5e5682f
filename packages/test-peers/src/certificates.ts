import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCommand } from './require-command.js';

export interface TestLeaf {
  key: Buffer;
  cert: Buffer;
  keyFile: string;
  certFile: string;
}

export interface TestCa {
  ca: Buffer;
  caFile: string;
  /** A server key and certificate signed by this CA, with these subjectAltName entries (none: CN only). */
  leaf(name: string, options: { cn: string; san?: string[] }): TestLeaf;
}

/** A throwaway CA made with openssl in `dir`/certs (EC P-256, valid two days). */
export function makeTestCa(dir: string): TestCa {
  const openssl = requireCommand('openssl');
  const certs = join(dir, 'certs');
  mkdirSync(certs, { recursive: true });
  const file = (name: string): string => join(certs, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const run = (args: string[]): void => {
    execFileSync(openssl, args, { stdio: 'pipe', timeout: 15_000 });
  };
  run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=messagesend test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return {
    ca: readFileSync(file('ca.pem')),
    caFile: file('ca.pem'),
    leaf(name, { cn, san }) {
      run(['req', ...ec, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${cn}`]);
      const ext = [
        ...(san && san.length > 0 ? [`subjectAltName=${san.join(',')}`] : []),
        'extendedKeyUsage=serverAuth',
      ];
      writeFileSync(file(`${name}.cnf`), `${ext.join('\n')}\n`);
      run([
        'x509',
        '-req',
        '-in',
        file(`${name}.csr`),
        '-CA',
        file('ca.pem'),
        '-CAkey',
        file('ca.key'),
        '-CAcreateserial',
        '-out',
        file(`${name}.pem`),
        '-days',
        '2',
        '-extfile',
        file(`${name}.cnf`),
      ]);
      const keyFile = file(`${name}.key`);
      const certFile = file(`${name}.pem`);
      return { key: readFileSync(keyFile), cert: readFileSync(certFile), keyFile, certFile };
    },
  };
}

/** A throwaway CA and a server certificate for `domain` (and the loopback IP) signed by it. */
export function makeCertificates(
  dir: string,
  domain: string,
  host: string,
): { caFile: string; keyFile: string; certFile: string } {
  const ca = makeTestCa(dir);
  const server = ca.leaf('server', { cn: domain, san: [`DNS:${domain}`, `IP:${host}`] });
  return { caFile: ca.caFile, keyFile: server.keyFile, certFile: server.certFile };
}
