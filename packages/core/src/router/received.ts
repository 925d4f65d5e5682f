import type { Message } from '../message.js';

/**
 * The messages this router handed to inbound handlers. Asterisk does not re-send the headers of a
 * received message when it is forwarded (its MESSAGE_DATA is not outbound unless written): the
 * same object passed back to `router.send` is sent without its `data`. A new message built from
 * it (`{ ...received, data: { ... } }`) is the caller's own and is sent whole.
 */
const received = new WeakSet<object>();

export function markReceived<M extends object>(message: M): M {
  received.add(message);
  return message;
}

/**
 * The message to send: `message` itself, or a copy without the received headers (so the caller
 * tells they were held back by the result not being `message`: no object per send to say so).
 */
export function withoutReceivedData(message: Message): Message {
  if (!received.has(message) || message.data === undefined || Object.keys(message.data).length === 0)
    return message;
  const { data: _received, ...rest } = message;
  return rest;
}

export const RECEIVED_DATA_WARNING =
  "the received headers (MESSAGE_DATA) of a forwarded message are not re-sent, as in Asterisk; put the ones to send in a new message's data";
