import { formatResponse } from '../response.js';
import type { AmiAction } from './types.js';

/** Asterisk's `action_ping`: `Ping: Pong` and the time as seconds.microseconds. */
export const ping: AmiAction = {
  name: 'Ping',
  authority: undefined,
  run({ packet, reply }) {
    const micros = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
    const timestamp = `${micros / 1_000_000n}.${String(micros % 1_000_000n).padStart(6, '0')}`;
    reply(
      formatResponse(packet, 'Success', undefined, [
        ['Ping', 'Pong'],
        ['Timestamp', timestamp],
      ]),
    );
    return 'continue';
  },
};
