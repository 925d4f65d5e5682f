import type { AmiPacket } from './packet.js';
import { getHeader } from './packet.js';

/**
 * Asterisk's `astman_send_response_full`: `Response:`, the request's `ActionID` when it has a
 * non-empty one, then `Message:` and any further lines, then the empty line.
 */
export function formatResponse(
  request: AmiPacket | undefined,
  response: 'Success' | 'Error' | 'Goodbye',
  message?: string,
  extra: readonly (readonly [string, string])[] = [],
): string {
  let text = `Response: ${response}\r\n`;
  const actionId = request === undefined ? '' : getHeader(request, 'ActionID');
  if (actionId !== '') text += `ActionID: ${actionId}\r\n`;
  if (message !== undefined) text += `Message: ${message}\r\n`;
  for (const [name, value] of extra) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}
