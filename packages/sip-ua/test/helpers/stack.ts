import { buildRequest, type SipStack, type SipStackOptions, startSipStack } from '../../src/index.js';

const stacks: SipStack[] = [];

/** A stack on 127.0.0.1 with UDP and TCP on system-chosen ports; closed by closeStacks(). */
export async function testStack(options: SipStackOptions = {}): Promise<SipStack> {
  const stack = await startSipStack({ transports: [{ protocol: 'udp' }, { protocol: 'tcp' }], ...options });
  stacks.push(stack);
  return stack;
}

export async function closeStacks(): Promise<void> {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
}

/** A MESSAGE from alice to `requestUri`. */
export function message(
  requestUri: string,
  body = 'héllo wörld ✓',
  headers: { name: string; value: string }[] = [],
) {
  return buildRequest({
    method: 'MESSAGE',
    requestUri,
    from: '"Alice" <sip:alice@127.0.0.1>',
    to: `<${requestUri}>`,
    headers,
    contentType: 'text/plain;charset=UTF-8',
    body,
  });
}
