import type { MessageTech } from '@messagesend/core';

/** ARI's Endpoint model: `channel_ids` is always empty (there are no channels). */
export interface AriEndpoint {
  technology: string;
  resource: string;
  state: 'online' | 'offline' | 'unknown';
  channel_ids: string[];
}

interface BindingStore {
  bindings(key: string): unknown[];
}

/** One technology's configured endpoints as ARI lists them. */
interface EndpointSource {
  /** ARI's technology name: `PJSIP`, `SIP`. */
  technology: string;
  /** The router's prefix: `pjsip`, `sip`. */
  techName: string;
  resources(): string[];
  has(resource: string): boolean;
  state(resource: string): AriEndpoint['state'];
}

/** ARI's name of a technology: Asterisk's channel driver names (PJSIP, SIP, XMPP). */
export const ariTechnology = (techName: string): string => techName.toUpperCase();

function pjsipSource(tech: MessageTech<unknown>): EndpointSource | undefined {
  const shaped = tech as unknown as {
    config?: {
      endpoints?: Record<string, { aors?: string[] }>;
      aors?: Record<string, { contacts?: string[] }>;
    };
    registrations?: BindingStore;
  };
  if (!shaped.config?.endpoints || !shaped.registrations) return undefined;
  const { endpoints, aors = {} } = shaped.config;
  const store = shaped.registrations;
  return {
    technology: ariTechnology(tech.name),
    techName: tech.name,
    resources: () => Object.keys(endpoints),
    has: (resource) => Object.hasOwn(endpoints, resource),
    // Online when one of its AORs has a static contact or an unexpired registration (Asterisk
    // counts contacts that are not qualified as reachable).
    state: (resource) =>
      (endpoints[resource]?.aors ?? []).some(
        (aor) => (aors[aor]?.contacts?.length ?? 0) > 0 || store.bindings(aor).length > 0,
      )
        ? 'online'
        : 'offline',
  };
}

function sipSource(tech: MessageTech<unknown>): EndpointSource | undefined {
  const shaped = tech as unknown as {
    config?: { peers?: Record<string, { host?: string }> };
    registrations?: BindingStore;
  };
  if (!shaped.config?.peers || !shaped.registrations) return undefined;
  const { peers } = shaped.config;
  const store = shaped.registrations;
  return {
    technology: ariTechnology(tech.name),
    techName: tech.name,
    resources: () => Object.keys(peers),
    has: (resource) => Object.hasOwn(peers, resource),
    state: (resource) => {
      const host = peers[resource]?.host;
      if (host !== undefined && host.toLowerCase() !== 'dynamic') return 'online';
      return store.bindings(resource).length > 0 ? 'online' : 'offline';
    },
  };
}

/** The configured endpoints of every loaded technology that has some (pjsip endpoints, chan_sip peers). */
export class EndpointCatalog {
  private readonly sources: EndpointSource[];

  constructor(techs: readonly MessageTech<unknown>[]) {
    this.sources = techs.flatMap((tech) => {
      const source = pjsipSource(tech) ?? sipSource(tech);
      return source ? [source] : [];
    });
  }

  private sourceOf(technology: string): EndpointSource | undefined {
    return this.sources.find((source) => source.technology === technology);
  }

  /** The technology names ARI lists (case as Asterisk: matched exactly). */
  has(technology: string): boolean {
    return this.sourceOf(technology) !== undefined;
  }

  list(technology?: string): AriEndpoint[] {
    const sources =
      technology === undefined ? this.sources : this.sources.filter((s) => s.technology === technology);
    return sources.flatMap((source) => source.resources().map((resource) => this.describe(source, resource)));
  }

  get(technology: string, resource: string): AriEndpoint | undefined {
    const source = this.sourceOf(technology);
    if (source === undefined || !source.has(resource)) return undefined;
    return this.describe(source, resource);
  }

  /** The endpoint of a router technology name and resource, described even when not configured. */
  forInbound(techName: string, resource: string | undefined): AriEndpoint {
    const source = this.sources.find((s) => s.techName === techName);
    if (source && resource !== undefined && source.has(resource)) return this.describe(source, resource);
    return {
      technology: ariTechnology(techName),
      resource: resource ?? '',
      state: 'unknown',
      channel_ids: [],
    };
  }

  /** Registered contacts of every technology, for the metrics gauge. */
  onlineCount(): number {
    return this.list().filter((endpoint) => endpoint.state === 'online').length;
  }

  private describe(source: EndpointSource, resource: string): AriEndpoint {
    return { technology: source.technology, resource, state: source.state(resource), channel_ids: [] };
  }
}
