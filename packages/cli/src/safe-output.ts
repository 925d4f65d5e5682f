import { stripControlChars } from '@messagesend/core';
import { redactUriPasswords } from './secrets.js';

/** Shorter secrets are masked inside URIs only: masking every "ab" would garble the output. */
const MIN_MASKED_LENGTH = 3;

export interface OutputGuard {
  /** One piece of text for the terminal: secrets masked, control characters replaced, line breaks kept. */
  text(value: string): string;
  /** A JSON line: every string masked and stripped the same way. */
  json(value: unknown): string;
}

/**
 * What the CLI prints passes here: remote words (reason phrases), configuration text and
 * destinations can carry terminal control sequences or passwords. `secrets` are masked wherever
 * they appear (as written and percent-escaped), and URI passwords are masked everywhere.
 */
export function outputGuard(secrets: Iterable<string>): OutputGuard {
  const masked = [...new Set(secrets)]
    .filter((secret) => secret.length >= MIN_MASKED_LENGTH)
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .sort((a, b) => b.length - a.length);
  const mask = (value: string): string => {
    let out = redactUriPasswords(value);
    for (const secret of masked) out = out.replaceAll(secret, '***');
    return out;
  };
  const line = (value: string): string => stripControlChars(mask(value));
  const text = (value: string): string =>
    String(value)
      .split(/(\r?\n)/)
      .map((part, i) => (i % 2 === 1 ? part : line(part)))
      .join('');
  return {
    text,
    json: (value) =>
      JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? text(item) : item)),
  };
}
