import { SendStatus } from '@messagesend/core';
import { decodeBase64Body } from '../base64-body.js';
import { AmiEventCode } from '../errors.js';
import { getHeader, getVariables } from '../packet.js';
import { formatResponse } from '../response.js';
import type { AmiAction } from './types.js';

/**
 * Asterisk's `action_messagesend` (main/message.c), needing the `message` write class:
 * - a non-empty `Destination` is the destination, and a non-empty `To` then overrides the
 *   message's To; otherwise `To` is the destination ("No 'To' address specified." without one);
 * - a non-empty `Base64Body` replaces `Body` (at most 1300 decoded bytes);
 * - every `Variable: name=value` becomes message data (custom headers), in order;
 * - `From` is the send's from argument. Values are taken as written (first header of each name).
 * Answers: "Message technology not found." (no technology for the prefix), "Message failed to
 * send." (any other failure, and a `send` that throws) or "Message successfully sent".
 */
export const messageSend: AmiAction = {
  name: 'MessageSend',
  authority: 'message',
  async run({ host, session, packet, reply }) {
    const destinationHeader = getHeader(packet, 'Destination');
    const toHeader = getHeader(packet, 'To');
    const from = getHeader(packet, 'From');
    const base64Body = getHeader(packet, 'Base64Body');
    let destination = toHeader;
    let toOverride: string | undefined;
    if (destinationHeader !== '') {
      if (toHeader !== '') toOverride = toHeader;
      destination = destinationHeader;
    } else if (toHeader === '') {
      reply(formatResponse(packet, 'Error', "No 'To' address specified."));
      return 'continue' as const;
    }
    const body = base64Body === '' ? getHeader(packet, 'Body') : decodeBase64Body(base64Body);
    const message: { body: string; from?: string; to?: string; data?: Record<string, string> } = { body };
    if (from !== '') message.from = from;
    if (toOverride !== undefined) message.to = toOverride;
    const data = getVariables(packet);
    if (Object.keys(data).length > 0) message.data = data;

    let status: string;
    let reason: string | undefined;
    try {
      ({ status, reason } = await host.send(destination, message));
    } catch (error) {
      host.logger.error('AMI MessageSend: the send function threw', {
        code: AmiEventCode.SendThrew,
        session: session.id,
        error,
      });
      status = SendStatus.Failure;
    }
    if (status === SendStatus.Success) reply(formatResponse(packet, 'Success', 'Message successfully sent'));
    else {
      host.logger.debug('AMI MessageSend not sent', { session: session.id, status, reason });
      reply(
        formatResponse(
          packet,
          'Error',
          status === SendStatus.InvalidProtocol ? 'Message technology not found.' : 'Message failed to send.',
        ),
      );
    }
    return 'continue' as const;
  },
};
