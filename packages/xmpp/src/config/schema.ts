import { defineConfSection, confOption as o, parseJid } from '@messagesend/core';

const OAUTH = 'not implemented: OAuth login (secret= is sent as the password)';

/**
 * A `type=client` section of xmpp.conf, option by option (see the README): res_xmpp's option
 * names, each read into a camelCase field (`to`) when it is several words.
 */
export const CLIENT = defineConfSection('client', {
  /** The loader dispatches on it (client, the default, is the only type read). */
  type: o.ignored(),
  username: o.custom(
    (value, context) => {
      if (!parseJid(value).ok) throw context.error(`"${value}" is not a JID`);
      return value;
    },
    { required: 'a client needs username=' },
  ),
  secret: o.string({ keepEmpty: true, required: 'a client needs secret=' }),
  serverhost: o.string({ to: 'serverHost' }),
  port: o.integer({ min: 1, max: 65535 }),
  usetls: o.boolean({ to: 'useTls' }),
  usesasl: o.boolean({ to: 'useSasl' }),
  priority: o.integer({ min: -128, max: 127 }),
  status: o.string(),
  statusmessage: o.string({ to: 'statusMessage' }),
  keepalive: o.boolean({ to: 'keepAlive' }),
  context: o.string(),
  sendtodialplan: o.boolean({ to: 'sendToDialplan' }),
  buddy: o.ignored(),
  timeout: o.ignored(),
  forceoldssl: o.ignored('not implemented: the connection always uses STARTTLS'),
  debug: o.ignored(),
  distribute_events: o.ignored(),
  pubsub_node: o.ignored(),
  autoprune: o.ignored(),
  autoregister: o.ignored(),
  auth_policy: o.ignored(),
  refresh_token: o.ignored(OAUTH),
  oauth_clientid: o.ignored(OAUTH),
  oauth_secret: o.ignored(OAUTH),
});
