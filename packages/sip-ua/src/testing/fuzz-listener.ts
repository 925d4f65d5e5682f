import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { mutatedInputs } from './mutate.js';

export interface FuzzTarget {
  udp?: { host: string; port: number };
  tcp?: { host: string; port: number };
}

export interface FuzzOptions {
  /** Real messages to mutate. */
  corpus: readonly Buffer[];
  seed: number;
  /** Inputs in all, shared between UDP and TCP (UDP gets two thirds when both are given). */
  iterations: number;
  /** How long to wait for an answer to one TCP input before moving on (default 60 ms). */
  tcpWaitMs?: number;
}

export interface FuzzSummary {
  inputs: number;
  /** Inputs that got at least one response back. */
  answers: number;
  /** Inputs that got nothing back (dropped, or a response nobody answers). */
  silent: number;
}

/**
 * Sends seeded mutated inputs to a live SIP listener over real sockets. UDP goes in paced
 * batches (so the kernel buffer does not overflow); over TCP each input gets its own
 * connection, because a broken frame leaves a stream unusable. Every wait is bounded.
 */
export async function fuzzListener(target: FuzzTarget, options: FuzzOptions): Promise<FuzzSummary> {
  const inputs = mutatedInputs(options.corpus, options.seed);
  const udpShare = target.udp
    ? target.tcp
      ? Math.ceil((options.iterations * 2) / 3)
      : options.iterations
    : 0;
  const tcpShare = target.tcp ? options.iterations - udpShare : 0;
  const udp = target.udp ? await fuzzUdp(target.udp, inputs, udpShare) : { answers: 0 };
  const tcp = target.tcp
    ? await fuzzTcp(target.tcp, inputs, tcpShare, options.tcpWaitMs ?? 60)
    : { answers: 0 };
  const answers = udp.answers + tcp.answers;
  return { inputs: udpShare + tcpShare, answers, silent: udpShare + tcpShare - answers };
}

async function fuzzUdp(
  target: { host: string; port: number },
  inputs: Iterator<Buffer>,
  count: number,
): Promise<{ answers: number }> {
  const socket = createSocket('udp4');
  socket.on('error', () => {});
  let answers = 0;
  socket.on('message', () => answers++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    for (let sent = 0; sent < count; ) {
      for (let batch = 0; batch < 25 && sent < count; batch++, sent++) {
        const input = inputs.next().value as Buffer;
        if (input.length > 0 && input.length <= 65_507) socket.send(input, target.port, target.host);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    socket.close();
  }
  // A response per input at most is the norm; a stray extra (a 100 Trying) is not counted twice.
  return { answers: Math.min(answers, count) };
}

async function fuzzTcp(
  target: { host: string; port: number },
  inputs: Iterator<Buffer>,
  count: number,
  waitMs: number,
): Promise<{ answers: number }> {
  let answers = 0;
  const one = (input: Buffer) =>
    new Promise<void>((resolve) => {
      const socket = connect(target.port, target.host);
      let answered = false;
      const finish = () => {
        clearTimeout(bound);
        if (answered) answers++;
        socket.destroy();
        resolve();
      };
      const bound = setTimeout(finish, waitMs + 1000);
      socket.on('error', finish);
      socket.on('close', finish);
      socket.on('data', () => {
        answered = true;
      });
      socket.once('connect', () => {
        socket.write(input);
        setTimeout(finish, waitMs);
      });
    });
  for (let done = 0; done < count; ) {
    const batch: Promise<void>[] = [];
    for (let i = 0; i < 20 && done < count; i++, done++) batch.push(one(inputs.next().value as Buffer));
    await Promise.all(batch);
  }
  return { answers };
}
