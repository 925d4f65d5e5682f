/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { DialplanCode } from '../errors.js';
import type { DialplanFunction } from './types.js';

/** MESSAGE(to|from|body|custom_data), as main/message.c's msg_func_read/msg_func_write. */
export const MESSAGE: DialplanFunction = {
  read(args, state) {
    const field = args.trim().toLowerCase();
    if (field === 'to') return state.message.to;
    if (field === 'from') return state.message.from;
    if (field === 'body') return state.message.body;
    state.warn(DialplanCode.BadArgument, `Invalid argument to MESSAGE(): '${args}'`);
    return '';
  },
  write(args, value, state) {
    const field = args.trim().toLowerCase();
    if (field === 'to') state.message.to = value;
    else if (field === 'from') state.message.from = value;
    else if (field === 'body') state.message.body = value;
    else if (field === 'custom_data') {
      const action = value.trim().toLowerCase();
      if (action === 'mark_all_outbound') state.message.markAll(true);
      else if (action === 'clear_all_outbound') state.message.markAll(false);
      else state.warn(DialplanCode.BadArgument, `'${value}' is not a valid value for custom_data`);
    } else state.warn(DialplanCode.BadArgument, `'${args}' is not a valid write argument.`);
  },
};

/** MESSAGE_DATA(name): reads whatever the outbound flag; a write marks the variable outbound. */
export const MESSAGE_DATA: DialplanFunction = {
  read(args, state) {
    return state.message.get(args.trim()) ?? '';
  },
  write(args, value, state) {
    const name = args.trim();
    if (name === '') state.warn(DialplanCode.BadArgument, 'MESSAGE_DATA() needs a variable name');
    else state.message.set(name, value, true);
  },
};
