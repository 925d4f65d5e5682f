import { randomBytes } from 'node:crypto';
import {
  headerValue,
  type RedisPeer,
  type SippPeer,
  startRedis,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';

export const cleanups: (() => Promise<unknown>)[] = [];

export async function redis(options: { appendonly?: boolean } = {}): Promise<RedisPeer> {
  const peer = await startRedis(options);
  cleanups.push(() => peer.stop());
  return peer;
}

/** A SIPp UAS answering every MESSAGE with `status` (one SIPp call per Call-ID). */
export async function phone(status = 200): Promise<SippPeer> {
  const peer = await startSippUas({
    scenario: uasScenario(
      [{ request: 'MESSAGE', replies: [{ status, reason: status === 200 ? 'OK' : 'No' }] }],
      {
        timewaitMs: 0,
      },
    ),
    // SIPp silently absorbs messages of a call that ended within deadcall_wait (33 s): a resend
    // with the same Call-ID (the point of the queue's identity) must reach the scenario again.
    args: ['-deadcall_wait', '1'],
  });
  cleanups.push(() => peer.stop());
  return peer;
}

export const queueName = () => `t${randomBytes(4).toString('hex')}`;

export const pjsipConf = (contact: string, extra = '') => `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[bob]
type=endpoint
aors=bob

[bob]
type=aor
contact=${contact}
${extra}`;

/** Call-IDs of the MESSAGE requests SIPp received, with how often each came. */
export function callIds(peer: SippPeer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of peer.requests()) {
    if (!request.firstLine.startsWith('MESSAGE ')) continue;
    const id = headerValue(request, 'Call-ID') ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}
