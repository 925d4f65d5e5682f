import type { Socket } from 'node:net';
import { plainAddress } from './acl.js';
import { AMI_ACTIONS, BEFORE_LOGIN } from './actions/index.js';
import type { AmiActionResult, AmiHost, AmiSessionState } from './actions/types.js';
import type { LoginUser } from './auth.js';
import { AmiEventCode } from './errors.js';
import { createLineSplitter } from './framing.js';
import { type AmiPacket, createPacketCollector, getHeader } from './packet.js';
import { formatResponse } from './response.js';

/** The version in the banner: Asterisk's `AMI_VERSION` (include/asterisk/manager.h). */
export const AMI_VERSION = '13.0.0';

/** Packets waiting behind a running action before the socket stops being read (TCP then pushes back). */
const MAX_QUEUED_PACKETS = 32;
/** After Logoff or a failed login, how long the peer gets to read the answer before the socket is destroyed. */
const END_GRACE_MS = 2000;
/** `writetimeout` before login (Asterisk's session default). */
const DEFAULT_WRITE_TIMEOUT_MS = 100;

export interface SessionHooks {
  authenticated(session: AmiSession): void;
  ended(session: AmiSession): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * One AMI connection, run as Asterisk's `session_do`: the banner, then packets answered one at
 * a time in arrival order (responses stay in order, as clients that match none by ActionID
 * expect). Every wait is bounded: `authtimeout` until login, `writetimeout` for a client that
 * does not read, a fixed queue of packets behind a running action.
 */
export class AmiSession implements AmiSessionState {
  readonly address: string;
  user: LoginUser | undefined;
  challenge: string | undefined;
  readonly #queue: AmiPacket[] = [];
  #running: Promise<void> | undefined;
  #ending = false;
  #peerEnded = false;
  #authTimer: NodeJS.Timeout | undefined;
  #stallTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly host: AmiHost,
    authTimeoutSeconds: number,
    readonly hooks: SessionHooks,
  ) {
    this.address = plainAddress(socket.remoteAddress ?? '');
    socket.setNoDelay(true);
    const collector = createPacketCollector((packet) => this.#enqueue(packet));
    const split = createLineSplitter(collector);
    socket.on('data', (chunk: Buffer) => {
      try {
        split(chunk);
      } catch (error) {
        this.#contain(error);
      }
    });
    socket.on('error', (error) => host.logger.debug('AMI socket error', { session: id, error }));
    socket.on('close', () => this.#closed());
    // The server allows half-open sockets: a client that sends its actions and then shuts its
    // side (`printf ... | nc`) still gets every answer before the connection is ended.
    socket.on('end', () => {
      this.#peerEnded = true;
      if (this.#running === undefined) this.#end();
    });
    this.#authTimer = setTimeout(() => {
      host.logger.info(
        `AMI client from ${this.address} failed to authenticate in ${authTimeoutSeconds} seconds`,
        {
          code: AmiEventCode.AuthTimeout,
          session: id,
        },
      );
      socket.destroy();
    }, authTimeoutSeconds * 1000);
    this.#write(`Asterisk Call Manager/${AMI_VERSION}\r\n`);
  }

  authenticate(user: LoginUser): void {
    this.user = user;
    clearTimeout(this.#authTimer);
    const key = user.name.toLowerCase();
    this.host.loggedIn.set(key, (this.host.loggedIn.get(key) ?? 0) + 1);
    this.hooks.authenticated(this);
  }

  /** Resolves when the action running now (if any) has answered. */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  /** Whether an action is running now. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Ends the session after what was written is sent (bounded). */
  shutdown(): void {
    this.#end();
  }

  /** Ends the session at once: stops reading, and destroys the socket. */
  destroy(): void {
    this.#ending = true;
    this.socket.destroy();
  }

  #enqueue(packet: AmiPacket): void {
    if (this.#ending) return;
    this.#queue.push(packet);
    if (this.#queue.length >= MAX_QUEUED_PACKETS) this.socket.pause();
    this.#kick();
  }

  #kick(): void {
    if (this.#running !== undefined) return;
    this.#running = this.#pump().finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0 && !this.#ending) this.#kick();
      else if (this.#peerEnded && !this.#ending) this.#end();
    });
  }

  async #pump(): Promise<void> {
    while (this.#queue.length > 0 && !this.#ending) {
      const packet = this.#queue.shift()!;
      if (this.#queue.length < MAX_QUEUED_PACKETS / 2 && this.socket.isPaused()) this.socket.resume();
      let result: AmiActionResult;
      try {
        result = await this.#process(packet);
      } catch (error) {
        this.#contain(error);
        return;
      }
      if (result === 'close') {
        this.#end();
        return;
      }
    }
  }

  /** Asterisk's `do_message` end of packet and `process_message`. */
  async #process(packet: AmiPacket): Promise<AmiActionResult> {
    const reply = (text: string) => this.#write(text);
    if (packet.tooManyLines) {
      this.host.logger.warn('AMI packet of more than 128 lines', {
        code: AmiEventCode.TooManyLines,
        session: this.id,
      });
      reply(formatResponse(packet, 'Error', 'Too many lines in message or allocation failure'));
      return 'continue';
    }
    if (packet.lineTooLong) {
      this.host.logger.warn(`AMI line too long from ${this.address}: discarded`, {
        code: AmiEventCode.LineTooLong,
        session: this.id,
      });
      reply(formatResponse(packet, 'Error', 'Failed to parse message: line too long'));
      return 'continue';
    }
    const action = getHeader(packet, 'Action', true);
    if (action === '') {
      reply(formatResponse(packet, 'Error', 'Missing action in request'));
      return 'continue';
    }
    const name = action.toLowerCase();
    if (this.user === undefined && !BEFORE_LOGIN.has(name)) {
      reply(formatResponse(packet, 'Error', 'Permission denied'));
      return 'continue';
    }
    if (this.user === undefined && (name === 'login' || name === 'challenge') && this.#loginInUse(packet)) {
      this.host.logger.warn(`AMI login from ${this.address}: user already logged in`, {
        code: AmiEventCode.LoginInUse,
        session: this.id,
      });
      await sleep(this.host.loginFailureDelayMs);
      reply(formatResponse(packet, 'Error', 'Login Already In Use'));
      return 'close';
    }
    const found = AMI_ACTIONS.get(name);
    if (found === undefined) {
      reply(
        formatResponse(
          packet,
          'Error',
          `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`,
        ),
      );
      return 'continue';
    }
    if (found.authority !== undefined && !this.user?.write.includes(found.authority)) {
      reply(formatResponse(packet, 'Error', 'Permission denied'));
      return 'continue';
    }
    return found.run({ host: this.host, session: this, packet, reply });
  }

  /** `allowmultiplelogin=no` and a session of that user is logged in. */
  #loginInUse(packet: AmiPacket): boolean {
    const username = getHeader(packet, 'Username').toLowerCase();
    if (username === '' || (this.host.loggedIn.get(username) ?? 0) === 0) return false;
    return this.host.users.get(username)?.allowMultipleLogin === false;
  }

  #write(text: string): void {
    const socket = this.socket;
    if (socket.destroyed || !socket.writable) return;
    // Responses written in one tick (pipelined actions) leave in one segment.
    if (socket.writableCorked === 0) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    if (socket.write(text) || this.#stallTimer !== undefined) return;
    const timeout = this.user?.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    this.#stallTimer = setTimeout(() => {
      this.host.logger.warn(`AMI client ${this.address} does not read its responses: disconnected`, {
        code: AmiEventCode.WriteStalled,
        session: this.id,
      });
      this.destroy();
    }, timeout);
    socket.once('drain', () => {
      clearTimeout(this.#stallTimer);
      this.#stallTimer = undefined;
    });
  }

  #end(): void {
    this.#ending = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), END_GRACE_MS).unref();
  }

  #contain(error: unknown): void {
    this.host.logger.error('AMI session failed; closed', {
      code: AmiEventCode.Contained,
      session: this.id,
      error,
    });
    this.destroy();
  }

  #closed(): void {
    this.#ending = true;
    clearTimeout(this.#authTimer);
    clearTimeout(this.#stallTimer);
    this.#queue.length = 0;
    if (this.user !== undefined) {
      const key = this.user.name.toLowerCase();
      this.host.loggedIn.set(key, Math.max(0, (this.host.loggedIn.get(key) ?? 1) - 1));
      const log = this.user.displayConnects ? this.host.logger.info : this.host.logger.debug;
      log.call(this.host.logger, `Manager '${this.user.name}' logged off from ${this.address}`, {
        session: this.id,
      });
    }
    this.hooks.ended(this);
  }
}
