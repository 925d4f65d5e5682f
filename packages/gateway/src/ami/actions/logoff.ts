import { formatResponse } from '../response.js';
import type { AmiAction } from './types.js';

/** Asterisk's `action_logoff`. */
export const logoff: AmiAction = {
  name: 'Logoff',
  authority: undefined,
  run({ packet, reply }) {
    reply(formatResponse(packet, 'Goodbye', 'Thanks for all the fish.'));
    return 'close';
  },
};
