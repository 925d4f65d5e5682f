import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCommand } from '@messagesend/test-peers';

export interface TestCa {
  ca: Buffer;
  /** A server key and certificate signed by this CA, with these subjectAltName entries (none: CN only). */
  leaf(name: string, options: { cn: string; san?: string[] }): { key: Buffer; cert: Buffer };
}

/** A throwaway CA made with openssl in `dir` (EC P-256, valid two days). */
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
    '/CN=messagesend identity test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return {
    ca: readFileSync(file('ca.pem')),
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
      return { key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.pem`)) };
    },
  };
}
