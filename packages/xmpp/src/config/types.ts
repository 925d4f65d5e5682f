/**
 * The typed form of xmpp.conf (res_xmpp): what `parseXmppConf` returns and `xmpp({ config })` accepts.
 * Fields are camelCase (`usetls=` is `useTls`), as in every technology's parsed config.
 */
export interface XmppConfig {
  general?: Record<string, string>;
  /** Client accounts by section name (looked up case-insensitively). */
  accounts?: Record<string, XmppAccountConfig>;
}

export interface XmppAccountConfig {
  /** The account's JID (`user@domain[/resource]`). */
  username: string;
  secret: string;
  /** Server to connect to (default: the JID's domain). */
  serverHost?: string;
  /** Default 5222. */
  port?: number;
  /** STARTTLS with certificate verification (default true); false is the explicit opt-in to plain. */
  useTls?: boolean;
  /** Default true; SASL is required by every server messagesend talks to. */
  useSasl?: boolean;
  /** Presence priority (default 1). */
  priority?: number;
  /** Presence show value: available (default), chat, away, xa, dnd. */
  status?: string;
  statusMessage?: string;
  /** Keep the connection alive with stream-management requests (default true). */
  keepAlive?: boolean;
  context?: string;
  /** Hand inbound chat messages to router.onMessage (default false, as in Asterisk). */
  sendToDialplan?: boolean;
}
