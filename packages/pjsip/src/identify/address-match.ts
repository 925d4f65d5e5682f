import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** One `match=` entry of an identify section, parsed. */
export type AddressMatch =
  | { kind: 'network'; family: 'ipv4' | 'ipv6'; address: string; prefix: number; port?: number }
  | { kind: 'host'; host: string; port?: number };

const HOST =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/**
 * Reads an entry as Asterisk's identify `match` does: an IP, a network written `ip/prefix` or
 * `ip/255.255.255.0`, an optional source port (`1.2.3.4:5061`, `[2001:db8::1]:5060`), or a host name
 * (optionally with a port) to resolve. A string explains what is wrong.
 */
export function parseAddressMatch(entry: string): AddressMatch | string {
  const text = entry.trim();
  if (text.startsWith('!')) return 'negated matches (!) are not supported';
  const slash = text.lastIndexOf('/');
  const addressPart = slash < 0 ? text : text.slice(0, slash);
  const mask = slash < 0 ? undefined : text.slice(slash + 1);
  const split = splitPort(addressPart);
  if (typeof split === 'string') return split;
  const { host, port } = split;
  const family = isIPv4(host) ? 'ipv4' : isIPv6(host) ? 'ipv6' : undefined;
  if (!family) {
    if (mask !== undefined || !HOST.test(host)) return 'not an IP address, network or host name';
    return port === undefined ? { kind: 'host', host } : { kind: 'host', host, port };
  }
  const bits = family === 'ipv4' ? 32 : 128;
  const prefix = mask === undefined ? bits : maskToPrefix(mask, family);
  if (prefix === undefined || prefix > bits) return `bad network mask "${mask}"`;
  const match: AddressMatch = { kind: 'network', family, address: host, prefix };
  if (port !== undefined) match.port = port;
  return match;
}

function splitPort(text: string): { host: string; port?: number } | string {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) return withPort(bracket[1]!, bracket[2]);
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port] = text.split(':');
    return withPort(host, port);
  }
  return { host: text };
}

function withPort(host: string, port: string | undefined): { host: string; port?: number } | string {
  if (port === undefined) return { host };
  const value = Number(port);
  if (!/^\d{1,5}$/.test(port) || value < 1 || value > 65535) return `bad port "${port}"`;
  return { host, port: value };
}

function maskToPrefix(mask: string, family: 'ipv4' | 'ipv6'): number | undefined {
  if (/^\d{1,3}$/.test(mask)) return Number(mask);
  if (family !== 'ipv4' || !isIPv4(mask)) return undefined;
  const bits = mask
    .split('.')
    .map((octet) => Number(octet).toString(2).padStart(8, '0'))
    .join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')) : undefined;
}

/** Matches source addresses (and ports) against networks; host names are added once resolved. */
export class AddressSet {
  private readonly entries: { list: BlockList; port?: number }[] = [];

  addNetwork(family: 'ipv4' | 'ipv6', address: string, prefix: number, port?: number): void {
    const list = new BlockList();
    list.addSubnet(address, prefix, family);
    this.entries.push(port === undefined ? { list } : { list, port });
  }

  addAddress(address: string, port?: number): void {
    const family = isIPv6(address) ? 'ipv6' : 'ipv4';
    this.addNetwork(family, address, family === 'ipv4' ? 32 : 128, port);
  }

  has(address: string, port: number): boolean {
    const bare = address.replace(/^::ffff:(?=\d+\.)/, '');
    const family = isIPv6(bare) ? 'ipv6' : 'ipv4';
    return this.entries.some(
      (entry) => (entry.port === undefined || entry.port === port) && entry.list.check(bare, family),
    );
  }
}
