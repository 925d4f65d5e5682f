import { describe, expect, it } from 'vitest';
import { createRouter, type InboundMessage } from '../src/index.js';
import { memoryTech } from '../src/testing/index.js';

// Asterisk does not re-send a received message's headers when it is forwarded (MESSAGE_DATA is
// not outbound unless written): the same holds for router.send(dest, receivedMessage).

describe('forwarding a received message', () => {
  it('the received object is sent without its data, with a warning; a new message keeps what it sets', async () => {
    const memory = memoryTech();
    const router = createRouter({ techs: [memory] });
    const got: InboundMessage[] = [];
    router.onMessage((message) => {
      got.push(message);
    });
    await memory.receive({
      body: 'hello',
      from: 'alice',
      destination: 'memory:alice',
      data: { 'X-Ticket': '42', PJSIP_RECVADDR: '10.0.0.1:5060' },
    });
    const [received] = got;
    const forwarded = await router.send('memory:bob', received!);
    expect(forwarded.status).toBe('SUCCESS');
    expect(forwarded.warnings).toContain(
      "the received headers (MESSAGE_DATA) of a forwarded message are not re-sent, as in Asterisk; put the ones to send in a new message's data",
    );
    expect(memory.sent.at(-1)?.message.data).toBeUndefined();
    expect(memory.sent.at(-1)?.message.body).toBe('hello');

    const chosen = await router.send('memory:bob', { body: received!.body, data: { 'X-Ticket': '42' } });
    expect(chosen.warnings).toEqual([]);
    expect(memory.sent.at(-1)?.message.data).toEqual({ 'X-Ticket': '42' });
    await router.close();
  });
});
