import type { SendHandle, SendRequestOptions } from '../send/send-types.js';
import type { BoundAddress } from '../transport/transport.js';
import type { OutgoingRequest, TransportProtocol } from '../wire/message.js';
import {
  type RegistrationClient,
  type RegistrationClientOptions,
  registrationClient,
} from './registration-client.js';
import type { RegistrationState } from './state.js';

/** What a registration set needs of a running stack (a SipStack has both). */
export interface RegisteringStack {
  send(request: OutgoingRequest, options?: SendRequestOptions): SendHandle;
  address(protocol: TransportProtocol): BoundAddress | undefined;
  /** Present only when the stack has a logger: registration state changes are logged through it. */
  readonly debug?: (message: string, fields: Record<string, unknown>) => void;
}

export interface RegistrationEntry {
  name: string;
  protocol: TransportProtocol;
  /** The Contact URI for the stack's local address of `protocol`. */
  contact(local: BoundAddress): string;
  options: Omit<RegistrationClientOptions, 'contact' | 'protocol'>;
}

export interface RegistrationStatus {
  name: string;
  serverUri: string;
  clientUri: string;
  state: RegistrationState;
}

/** Several registrations that start on one stack and close together. */
export interface RegistrationSet {
  /** Starts every registration on `stack` (once; later calls do nothing). */
  start(stack: RegisteringStack): void;
  list(): RegistrationStatus[];
  /** Called on each state change of any registration. */
  onState(listener: (status: RegistrationStatus) => void): () => void;
  /** Unregisters every registration in parallel, each within its own bound. */
  close(): Promise<void>;
}

export function registrationSet(entries: RegistrationEntry[]): RegistrationSet {
  const clients = new Map<string, RegistrationClient>();
  const listeners = new Set<(status: RegistrationStatus) => void>();
  const status = (entry: RegistrationEntry): RegistrationStatus => ({
    name: entry.name,
    serverUri: entry.options.serverUri,
    clientUri: entry.options.clientUri,
    state: clients.get(entry.name)?.state() ?? { status: 'stopped' },
  });
  let started = false;
  let closed = false;
  return {
    start(stack) {
      if (started || closed) return;
      started = true;
      for (const entry of entries) {
        const local = () =>
          stack.address(entry.protocol) ?? { protocol: entry.protocol, host: '127.0.0.1', port: 5060 };
        const client = registrationClient((request, options) => stack.send(request, options), {
          ...entry.options,
          protocol: entry.protocol,
          contact: () => entry.contact(local()),
          ...(stack.debug && !entry.options.debug ? { debug: stack.debug } : {}),
        });
        clients.set(entry.name, client);
        client.onState(() => {
          for (const listener of listeners) listener(status(entry));
        });
        client.start();
      }
    },
    list: () => entries.map(status),
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      await Promise.all([...clients.values()].map((client) => client.close()));
    },
  };
}
