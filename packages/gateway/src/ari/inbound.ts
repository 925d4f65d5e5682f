import type { InboundHandler } from '@messagesend/core';
import { type AriContext, ariTimestamp } from './context.js';

/**
 * The inbound handler for ARI: a message whose endpoint some application subscribes to becomes a
 * TextMessageReceived event (Asterisk's shape) for each; with no subscriber it declines, so the
 * next handler (or the technology's "not found") answers.
 */
export function ariInboundHandler(context: AriContext): InboundHandler {
  return (message) => {
    const endpoint = context.catalog.forInbound(message.tech, message.endpoint);
    const apps = context.applications.subscribedTo(endpoint);
    if (apps.length === 0) return false;
    const event = {
      type: 'TextMessageReceived',
      timestamp: ariTimestamp(),
      message: {
        from: message.from ?? '',
        to: message.to ?? '',
        body: message.body,
        variables: message.data ?? {},
      },
      ...(message.endpoint !== undefined ? { endpoint } : {}),
    };
    for (const name of apps) context.applications.emit(name, event);
    context.metrics.inbound.inc({ tech: message.tech, disposition: 'ari' });
    return true;
  };
}
