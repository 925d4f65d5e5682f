import { challenge, login } from './login.js';
import { logoff } from './logoff.js';
import { messageSend } from './message-send.js';
import { ping } from './ping.js';
import type { AmiAction } from './types.js';

/** The actions served, by lower-case name (Asterisk matches action names case-insensitively). */
export const AMI_ACTIONS: ReadonlyMap<string, AmiAction> = new Map(
  [login, challenge, logoff, ping, messageSend].map((action) => [action.name.toLowerCase(), action]),
);

/** Actions an unauthenticated session may run (main/manager.c `process_message`). */
export const BEFORE_LOGIN = new Set(['login', 'logoff', 'challenge']);
