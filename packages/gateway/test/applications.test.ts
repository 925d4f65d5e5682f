import { describe, expect, it } from 'vitest';
import { Applications } from '../src/ari/applications.js';
import { API_DOCS, resourceListing } from '../src/ari/swagger.js';

const socket = () => {
  const sent: string[] = [];
  return { sent, send: (text: string) => sent.push(text), close: () => {} };
};
const exists = (id: string) => ['', 'PJSIP', 'PJSIP/alice'].includes(id);

describe('applications and their endpoint subscriptions', () => {
  it('endpoint:PJSIP/alice, endpoint:PJSIP and endpoint: select the events an application sees', () => {
    const apps = new Applications();
    apps.connect(['one'], socket(), false);
    apps.connect(['tech'], socket(), false);
    apps.connect(['all'], socket(), false);
    apps.connect(['none'], socket(), false);
    expect(apps.subscribe('one', ['endpoint:PJSIP/alice'], exists)).toBe('ok');
    expect(apps.subscribe('tech', ['endpoint:PJSIP'], exists)).toBe('ok');
    expect(apps.subscribe('all', ['endpoint:'], exists)).toBe('ok');
    expect(apps.subscribedTo({ technology: 'PJSIP', resource: 'alice' }).sort()).toEqual([
      'all',
      'one',
      'tech',
    ]);
    expect(apps.subscribedTo({ technology: 'PJSIP', resource: 'bob' }).sort()).toEqual(['all', 'tech']);
    expect(apps.subscribedTo({ technology: 'XMPP', resource: 'x' })).toEqual(['all']);
  });
  it('answers as Asterisk: unknown app, bad scheme, unknown source, not subscribed', () => {
    const apps = new Applications();
    apps.connect(['a'], socket(), false);
    expect(apps.subscribe('b', ['endpoint:'], exists)).toBe('no-app');
    expect(apps.subscribe('a', ['channel:123'], exists)).toBe('bad-scheme');
    expect(apps.subscribe('a', ['endpoint:PJSIP/ghost'], exists)).toBe('bad-source');
    expect(apps.unsubscribe('a', ['endpoint:PJSIP/alice'])).toBe('not-subscribed');
  });
  it('subscribeAll sees every endpoint; an application goes away with its last socket', () => {
    const apps = new Applications();
    const s = socket();
    apps.connect(['x'], s, true);
    expect(apps.subscribedTo({ technology: 'SIP', resource: 'p' })).toEqual(['x']);
    expect(apps.emit('x', { type: 'TextMessageReceived' })).toBe(true);
    expect(JSON.parse(s.sent[0] ?? '{}')).toEqual({ type: 'TextMessageReceived', application: 'x' });
    apps.disconnect(s);
    expect(apps.list()).toEqual([]);
  });
});

describe('Swagger 1.2 documents', () => {
  it('the listing names one document per resource, each with its resourcePath and basePath', () => {
    const listing = resourceListing('http://h/ari');
    expect(listing.apis.map((api) => api.path)).toContain('/api-docs/endpoints.{format}');
    for (const api of listing.apis) {
      const name = api.path.replace('/api-docs/', '').replace('.{format}', '');
      const doc = API_DOCS[name]?.('http://h/ari') as { resourcePath: string; basePath: string };
      expect(doc.resourcePath).toBe(api.path);
      expect(doc.basePath).toBe('http://h/ari');
    }
  });
  it('events.json has a model for every event type we send (ari-client fails on an unknown one)', () => {
    const events = API_DOCS.events?.('http://h/ari') as { models: Record<string, unknown> };
    for (const type of ['TextMessageReceived', 'MessageDeliveryReport'])
      expect(events.models[type]).toBeDefined();
  });
});
