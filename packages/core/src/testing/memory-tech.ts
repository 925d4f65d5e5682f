import { splitDestination } from '../destination.js';
import type { InboundDisposition, InboundMessage, Message } from '../message.js';
import { type ParseResult, parsed, parseFailure } from '../parse-result.js';
import { Reason } from '../reasons.js';
import { type MessageTech, TECH_API_VERSION, type TechHost } from '../tech.js';

export interface MemoryTarget {
  /** Everything after the prefix. */
  address: string;
}

export interface MemorySent {
  destination: string;
  address: string;
  message: Message;
  from?: string;
  to?: string;
}

export interface MemoryTechOptions {
  /** Technology name and destination prefix (default `memory`). */
  name?: string;
  /** Makes chosen sends fail: return a reason code for FAILURE, or undefined to accept. */
  fail?: (destination: string) => string | undefined;
}

export interface MemoryTech extends MessageTech<MemoryTarget> {
  /** Every message sent (dry runs excluded), in order. */
  readonly sent: MemorySent[];
  /** Hands a message to the router as if it had been received; resolves to the router's answer. */
  receive(message: Omit<InboundMessage, 'tech'>): Promise<InboundDisposition>;
  readonly closed: boolean;
}

/**
 * The reference technology: records what it is sent, reports `delivered`. Handy in app tests,
 * and the technology the compliance kit tests itself against. `user:password@` in an address
 * is masked by `format(..., { redact: true })`.
 */
export function memoryTech(options: MemoryTechOptions = {}): MemoryTech {
  const name = options.name ?? 'memory';
  const sent: MemorySent[] = [];
  let host: TechHost | undefined;
  let closed = false;

  const redact = (address: string): string => address.replace(/:[^:@]*@/, ':***@');

  return {
    name,
    apiVersion: TECH_API_VERSION,
    examples: { valid: [`${name}:alice`, `${name}:user:secret@host`], invalid: [`${name}:`] },
    sent,
    get closed() {
      return closed;
    },
    parse(destination: string): ParseResult<MemoryTarget> {
      const split = typeof destination === 'string' ? splitDestination(destination) : undefined;
      if (split === undefined || split.tech !== name || !split.hasColon) {
        return parseFailure(`expected "${name}:<address>"`, 0);
      }
      if (split.rest === '') return parseFailure(`empty address after "${name}:"`, name.length + 1);
      return parsed({ address: split.rest });
    },
    format(target, formatOptions) {
      const address = formatOptions?.redact ? redact(target.address) : target.address;
      return `${name}:${address}`;
    },
    async send(request) {
      if (closed) return { status: 'FAILURE', reason: Reason.TechClosed, detail: `${name} is closed` };
      const failed = options.fail?.(request.destination);
      if (failed !== undefined)
        return { status: 'FAILURE', reason: failed, detail: `${name} was told to fail` };
      const record: MemorySent = {
        destination: request.destination,
        address: request.target.address,
        message: structuredClone(request.message),
      };
      if (request.from !== undefined) record.from = request.from;
      if (request.to !== undefined) record.to = request.to;
      if (request.dryRun) {
        const shown = {
          ...record,
          destination: `${name}:${redact(record.address)}`,
          address: redact(record.address),
        };
        return { status: 'SUCCESS', preview: JSON.stringify(shown) };
      }
      sent.push(record);
      return { status: 'SUCCESS', delivery: Promise.resolve({ outcome: 'delivered' as const }) };
    },
    attach(h) {
      host = h;
    },
    async receive(message) {
      return host && !closed ? host.receive(message) : 'not-found';
    },
    async close() {
      closed = true;
    },
  };
}
