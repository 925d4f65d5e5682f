import type { AriConfig, AriUser } from '../config/ari-conf.js';
import { passwordMatches } from './password.js';

/** `user:password` from `Authorization: Basic ...` or `?api_key=user:password`, as res_ari reads them. */
export function credentialsOf(
  authorization: string | undefined,
  apiKey: string | undefined,
): { user: string; password: string } | undefined {
  let pair: string | undefined;
  if (authorization?.toLowerCase().startsWith('basic '))
    pair = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  else if (apiKey !== undefined) pair = apiKey;
  if (pair === undefined) return undefined;
  const colon = pair.indexOf(':');
  if (colon < 0) return undefined;
  return { user: pair.slice(0, colon), password: pair.slice(colon + 1) };
}

/** The configured user these credentials prove, or undefined. */
export function authenticate(
  config: AriConfig,
  credentials: { user: string; password: string } | undefined,
): AriUser | undefined {
  if (!credentials) return undefined;
  const user = config.users.get(credentials.user);
  if (!user) return undefined;
  return passwordMatches(user, credentials.password) ? user : undefined;
}
