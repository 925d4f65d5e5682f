import type { Logger } from '@messagesend/core';
import type { LoginUser } from '../auth.js';
import type { AmiPacket } from '../packet.js';
import type { AmiClass } from '../permissions.js';

/**
 * What MessageSend hands on: `createAmiServer`'s `send` option. `from` is MessageSend's from
 * argument (Asterisk never sets the message's own from field, R1.9.4) and `to` the To override
 * (`To` given with `Destination`): pass them to `router.send` as `SendOptions.from`/`.to`.
 * `data` holds the `Variable:` values. The answer depends on `status` only: SUCCESS,
 * INVALID_PROTOCOL ("Message technology not found."), anything else ("Message failed to send.").
 */
export type AmiSend = (
  destination: string,
  message: { body: string; from?: string; to?: string; data?: Record<string, string> },
) => Promise<{ status: string; reason?: string }>;

/** What every session shares: the server's users, options and login book-keeping. */
export interface AmiHost {
  readonly users: ReadonlyMap<string, LoginUser>;
  readonly send: AmiSend;
  readonly logger: Logger;
  readonly loginFailureDelayMs: number;
  /** Logged-in sessions per user name (lower case), for `allowmultiplelogin=no`. */
  readonly loggedIn: Map<string, number>;
}

/** One connection's state as the actions see it. */
export interface AmiSessionState {
  readonly id: number;
  /** The peer address, IPv4-mapped IPv6 shown as IPv4. */
  readonly address: string;
  readonly user: LoginUser | undefined;
  challenge: string | undefined;
  /** Marks the session logged in as `user` (stops the auth timer, counts the login). */
  authenticate(user: LoginUser): void;
}

export interface AmiActionContext {
  readonly host: AmiHost;
  readonly session: AmiSessionState;
  readonly packet: AmiPacket;
  /** Writes a formatted response. */
  reply(text: string): void;
}

/** `close`: the session ends once the reply is written (Logoff, a failed Login). */
export type AmiActionResult = 'continue' | 'close';

export interface AmiAction {
  /** As registered in Asterisk; matched case-insensitively. */
  readonly name: string;
  /** The `write=` class it needs; undefined for the actions anyone may run (Login, Ping...). */
  readonly authority: AmiClass | undefined;
  run(context: AmiActionContext): AmiActionResult | Promise<AmiActionResult>;
}
