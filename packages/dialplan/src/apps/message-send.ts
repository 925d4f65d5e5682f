/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { isToken, SendStatus, stripControlChars } from '@messagesend/core';
import { splitArgs } from '../args.js';
import { DialplanCode, DialplanVariable } from '../errors.js';
import type { DialplanSendMessage, DialplanSendOptions, RunState } from '../run-state.js';
import type { DialplanApp } from './types.js';

const STATUS = DialplanVariable.SendStatus;

/**
 * MessageSend(destination[,from[,to]]), main/message.c's msg_send_exec: sends MESSAGE(body) with
 * MESSAGE(from)/MESSAGE(to) and the outbound MESSAGE_DATA variables, sets MESSAGE_SEND_STATUS. A
 * non-empty `to` overwrites MESSAGE(to) for the rest of the run. Every value that becomes a header
 * loses its line breaks and control characters (with a warning): no header is injected.
 */
export const MessageSend: DialplanApp = async (data, state) => {
  if (data === '') {
    state.warn(DialplanCode.BadArgument, 'An argument is required to MessageSend()');
    state.variables.set(STATUS, SendStatus.InvalidUri);
    return;
  }
  const [rawDestination = '', rawFrom = '', rawTo = ''] = splitArgs(data, 3);
  if (rawDestination === '') {
    state.warn(DialplanCode.BadArgument, "A 'to' URI is required for MessageSend()");
    state.variables.set(STATUS, SendStatus.InvalidUri);
    return;
  }
  const clean = (label: string, value: string): string => {
    const safe = stripControlChars(value);
    if (safe !== value) state.warn(DialplanCode.ControlChars, `control characters removed from ${label}`);
    return safe;
  };
  const destination = clean('the destination', rawDestination);
  if (rawTo !== '') state.message.to = rawTo;
  const message: DialplanSendMessage = { body: state.message.body };
  if (state.message.from !== '') message.from = clean('MESSAGE(from)', state.message.from);
  if (state.message.to !== '') message.to = clean('MESSAGE(to)', state.message.to);
  const headers = headerData(state);
  if (Object.keys(headers).length > 0) message.data = headers;
  const options: DialplanSendOptions = { signal: state.signal };
  if (rawFrom !== '') options.from = clean('the from argument', rawFrom);
  if (rawTo !== '') options.to = clean('the to argument', rawTo);
  let status: string;
  try {
    const result = await state.send(destination, message, options);
    status = typeof result?.status === 'string' ? result.status : SendStatus.Failure;
  } catch (error) {
    state.warn(
      DialplanCode.SendThrew,
      `send to ${destination} threw: ${(error as Error)?.message ?? String(error)}`,
    );
    status = SendStatus.Failure;
  }
  state.variables.set(STATUS, status);
};

/** The outbound variables, with names that are not SIP tokens dropped and values made single-line. */
function headerData(state: RunState): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [name, value] of Object.entries(state.message.outboundData())) {
    if (!isToken(name)) {
      state.warn(
        DialplanCode.ControlChars,
        `MESSAGE_DATA name "${stripControlChars(name)}" is not a header token; not sent`,
      );
      continue;
    }
    const safe = stripControlChars(value);
    if (safe !== value)
      state.warn(DialplanCode.ControlChars, `control characters removed from MESSAGE_DATA(${name})`);
    data[name] = safe;
  }
  return data;
}
