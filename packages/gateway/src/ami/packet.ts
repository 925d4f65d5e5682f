import { separateAppArgs } from './app-args.js';

/** Asterisk's `AST_MAX_MANHEADERS`: lines kept per packet. */
export const AMI_MAX_HEADERS = 128;

/** One action as received: its lines up to the empty line, and what went wrong reading them. */
export interface AmiPacket {
  headers: string[];
  /** @internal each header's name (before its first colon, lower case), filled on the first lookup. */
  names?: (string | undefined)[];
  /** More than 128 lines: the extra ones were dropped. */
  tooManyLines: boolean;
  /** A line did not fit in the input buffer and was discarded. */
  lineTooLong: boolean;
}

/**
 * Collects lines into packets as Asterisk's `do_message`: an empty line ends a packet (even an
 * empty one, which Asterisk answers "Missing action in request"). Lines are kept as written:
 * one without a colon simply matches no header.
 */
export function createPacketCollector(onPacket: (packet: AmiPacket) => void) {
  let headers: string[] = [];
  let tooManyLines = false;
  let lineTooLong = false;
  return {
    line(text: string): void {
      if (text !== '') {
        if (headers.length < AMI_MAX_HEADERS) headers.push(text);
        else tooManyLines = true;
        return;
      }
      const packet: AmiPacket = { headers, tooManyLines, lineTooLong };
      headers = [];
      tooManyLines = false;
      lineTooLong = false;
      onPacket(packet);
    },
    overflow(): void {
      lineTooLong = true;
    },
  };
}

/** Asterisk's `ast_skip_blanks`: every character below `!` (space, tab, controls). */
function skipBlanks(text: string): string {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) < 33) i++;
  return text.slice(i);
}

/**
 * Asterisk's `astman_get_header`: the first line `<name>:` (name compared case-insensitively,
 * no space before the colon), leading blanks of the value skipped; `''` when there is none.
 * With `skipEmpty`, lines whose value is empty are passed over (as for `Action`).
 */
export function getHeader(packet: AmiPacket, name: string, skipEmpty = false): string {
  const wanted = name.toLowerCase();
  packet.names ??= packet.headers.map((header) => {
    const colon = header.indexOf(':');
    return colon < 0 ? undefined : header.slice(0, colon).toLowerCase();
  });
  for (let i = 0; i < packet.headers.length; i++) {
    if (packet.names[i] !== wanted) continue;
    const value = skipBlanks(packet.headers[i]!.slice(wanted.length + 1));
    if (skipEmpty && value === '') continue;
    return value;
  }
  return '';
}

/**
 * Asterisk's `astman_get_variables_order(m, ORDER_NATURAL)`: every `Variable:` line, its value
 * split like application arguments (at most 64 items), each item `name=value` at the first `=`;
 * items without `=` or with an empty name are skipped. As `ast_msg_set_var_outbound`, a later
 * value of a name replaces the earlier one and an empty value removes it.
 */
export function getVariables(packet: AmiPacket): Record<string, string> {
  const variables = new Map<string, string>();
  const prefix = 'variable:';
  for (const header of packet.headers) {
    if (header.slice(0, prefix.length).toLowerCase() !== prefix) continue;
    for (const item of separateAppArgs(skipBlanks(header.slice(prefix.length)))) {
      const equals = item.indexOf('=');
      if (equals <= 0) continue;
      const name = item.slice(0, equals);
      const value = item.slice(equals + 1);
      if (value === '') variables.delete(name);
      else variables.set(name, value);
    }
  }
  return Object.fromEntries(variables);
}
