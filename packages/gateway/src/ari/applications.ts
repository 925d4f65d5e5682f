import type { AriEndpoint } from './endpoint-catalog.js';

/** What an application's WebSocket needs: send text, and be told the socket is slow or gone. */
export interface EventSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** ARI's Application model, for our subset (endpoints only). */
export interface AriApplication {
  name: string;
  channel_ids: string[];
  bridge_ids: string[];
  endpoint_ids: string[];
  device_names: string[];
  events_allowed: unknown[];
  events_disallowed: unknown[];
}

interface App {
  name: string;
  sockets: Set<EventSocket>;
  /** `PJSIP/alice`, `PJSIP` (every endpoint of the technology) or `` (every endpoint). */
  endpointIds: Set<string>;
  subscribeAll: boolean;
}

export type SubscribeOutcome = 'ok' | 'no-app' | 'bad-scheme' | 'bad-source' | 'not-subscribed';

/**
 * Stasis applications as ARI shows them: an application exists while a WebSocket is connected for
 * it (Asterisk keeps it registered but inactive after; we forget it, so a reconnect starts clean).
 */
export class Applications {
  private readonly apps = new Map<string, App>();

  connect(names: string[], socket: EventSocket, subscribeAll: boolean): void {
    for (const name of names) {
      let app = this.apps.get(name);
      if (!app) {
        app = { name, sockets: new Set(), endpointIds: new Set(), subscribeAll };
        this.apps.set(name, app);
      }
      if (subscribeAll) app.subscribeAll = true;
      app.sockets.add(socket);
    }
  }

  disconnect(socket: EventSocket): void {
    for (const [name, app] of this.apps) {
      app.sockets.delete(socket);
      if (app.sockets.size === 0) this.apps.delete(name);
    }
  }

  list(): AriApplication[] {
    return [...this.apps.values()].map(describe);
  }

  get(name: string): AriApplication | undefined {
    const app = this.apps.get(name);
    return app ? describe(app) : undefined;
  }

  /** `endpoint:PJSIP/alice`, `endpoint:PJSIP`, `endpoint:` (Asterisk's forms); `exists` checks the endpoint. */
  subscribe(name: string, sources: string[], exists: (id: string) => boolean): SubscribeOutcome {
    const app = this.apps.get(name);
    if (!app) return 'no-app';
    const ids = parseSources(sources);
    if (!ids) return 'bad-scheme';
    if (!ids.every(exists)) return 'bad-source';
    for (const id of ids) app.endpointIds.add(id);
    return 'ok';
  }

  unsubscribe(name: string, sources: string[]): SubscribeOutcome {
    const app = this.apps.get(name);
    if (!app) return 'no-app';
    const ids = parseSources(sources);
    if (!ids) return 'bad-scheme';
    if (!ids.every((id) => app.endpointIds.has(id))) return 'not-subscribed';
    for (const id of ids) app.endpointIds.delete(id);
    return 'ok';
  }

  /** Names of the applications that see events of this endpoint. */
  subscribedTo(endpoint: Pick<AriEndpoint, 'technology' | 'resource'>): string[] {
    const names: string[] = [];
    for (const app of this.apps.values()) {
      if (
        app.subscribeAll ||
        app.endpointIds.has('') ||
        app.endpointIds.has(endpoint.technology) ||
        app.endpointIds.has(`${endpoint.technology}/${endpoint.resource}`)
      )
        names.push(app.name);
    }
    return names;
  }

  /** Sends an event to every socket of `app`, with `application` set as Asterisk does. */
  emit(name: string, event: Record<string, unknown>): boolean {
    const app = this.apps.get(name);
    if (!app) return false;
    const text = JSON.stringify({ ...event, application: name });
    for (const socket of app.sockets) socket.send(text);
    return true;
  }

  closeAll(): void {
    for (const app of this.apps.values())
      for (const socket of app.sockets) socket.close(1001, 'shutting down');
    this.apps.clear();
  }
}

/** `endpoint:TECH/resource` -> `TECH/resource`; undefined when one source is not an endpoint source. */
function parseSources(sources: string[]): string[] | undefined {
  const ids: string[] = [];
  for (const source of sources) {
    if (!source.startsWith('endpoint:')) return undefined;
    ids.push(source.slice('endpoint:'.length));
  }
  return ids;
}

function describe(app: App): AriApplication {
  return {
    name: app.name,
    channel_ids: [],
    bridge_ids: [],
    endpoint_ids: [...app.endpointIds],
    device_names: [],
    events_allowed: [],
    events_disallowed: [],
  };
}
