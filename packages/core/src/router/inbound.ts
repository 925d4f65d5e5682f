import { ErrorCode, MsgError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { InboundDisposition, InboundHandler, InboundMessage } from '../message.js';

/** The router's inbound side: the handlers, asked in order, and what the technology answers. */
export interface Inbound {
  onMessage(handler: InboundHandler): () => void;
  dispatch(message: InboundMessage): Promise<InboundDisposition>;
}

/**
 * A handler returning `false` declines, anything else accepts. A throw is logged; if nobody
 * accepts, the answer is then `error`. A closing router accepts nothing (`not-found`).
 */
export function createInbound(logger: Logger, isClosing: () => boolean): Inbound {
  const handlers: InboundHandler[] = [];
  return {
    onMessage(handler) {
      if (typeof handler !== 'function') {
        throw new MsgError(ErrorCode.InvalidArgument, 'onMessage needs a handler function');
      }
      handlers.push(handler);
      return () => {
        const at = handlers.indexOf(handler);
        if (at >= 0) handlers.splice(at, 1);
      };
    },
    async dispatch(message) {
      if (isClosing()) return 'not-found';
      let threw = false;
      for (const handler of [...handlers]) {
        try {
          if ((await handler(message)) !== false) return 'accepted';
        } catch (error) {
          threw = true;
          logger.error('inbound message handler threw', { tech: message.tech, error });
        }
      }
      return threw ? 'error' : 'not-found';
    },
  };
}
