import { createHash } from 'node:crypto';

/** Digest algorithms (RFC 7616, RFC 8760), strongest first. */
export const DIGEST_ALGORITHMS = ['SHA-512-256', 'SHA-256', 'MD5'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const HASH: Record<DigestAlgorithm, string> = {
  'SHA-512-256': 'sha512-256',
  'SHA-256': 'sha256',
  MD5: 'md5',
};

export interface ParsedAlgorithm {
  base: DigestAlgorithm;
  session: boolean;
  /** As it should be printed back. */
  name: string;
}

/** Reads an `algorithm` parameter (absent means MD5); undefined when unsupported. */
export function parseAlgorithm(value: string | undefined): ParsedAlgorithm | undefined {
  const name = value ?? 'MD5';
  const session = /-sess$/i.test(name);
  const base = name.replace(/-sess$/i, '').toUpperCase() as DigestAlgorithm;
  if (!DIGEST_ALGORITHMS.includes(base)) return undefined;
  return { base, session, name: `${base}${session ? '-sess' : ''}` };
}

export function hashHex(algorithm: DigestAlgorithm, data: string | Buffer): string {
  return createHash(HASH[algorithm]).update(data).digest('hex');
}
