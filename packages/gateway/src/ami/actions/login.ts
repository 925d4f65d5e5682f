import { checkLogin, newChallenge } from '../auth.js';
import { getHeader } from '../packet.js';
import { formatResponse } from '../response.js';
import type { AmiAction } from './types.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Asterisk's `action_login`: a failed login waits (1 s in Asterisk), answers, and disconnects. */
export const login: AmiAction = {
  name: 'Login',
  authority: undefined,
  async run({ host, session, packet, reply }) {
    if (session.user !== undefined) {
      reply(formatResponse(packet, 'Success', 'Already authenticated'));
      return 'continue';
    }
    const check = checkLogin(packet, host.users, session.address, session.challenge);
    if (!check.ok) {
      host.logger.warn(`AMI login failed from ${session.address}: ${check.detail}`, {
        code: check.reason,
        session: session.id,
        username: getHeader(packet, 'Username'),
      });
      await sleep(host.loginFailureDelayMs);
      reply(formatResponse(packet, 'Error', 'Authentication failed'));
      return 'close';
    }
    session.authenticate(check.user);
    const log = check.user.displayConnects ? host.logger.info : host.logger.debug;
    log.call(host.logger, `Manager '${check.user.name}' logged on from ${session.address}`, {
      session: session.id,
    });
    reply(formatResponse(packet, 'Success', 'Authentication accepted'));
    return 'continue';
  },
};

/** Asterisk's `action_challenge`: one challenge per session, kept until it ends. */
export const challenge: AmiAction = {
  name: 'Challenge',
  authority: undefined,
  run({ session, packet, reply }) {
    if (getHeader(packet, 'AuthType').toLowerCase() !== 'md5') {
      reply(formatResponse(packet, 'Error', 'Must specify AuthType'));
      return 'continue';
    }
    session.challenge ??= newChallenge();
    reply(formatResponse(packet, 'Success', undefined, [['Challenge', session.challenge]]));
    return 'continue';
  },
};
