import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** One `deny=`/`permit=` rule of a manager user, in file order. */
export interface AclRule {
  sense: 'deny' | 'permit';
  /** As written, for messages: `192.168.0.0/16`. */
  text: string;
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}

/** A compiled rule list: `allows(address)` as Asterisk's `ast_apply_ha`. */
export interface Acl {
  readonly rules: readonly AclRule[];
  allows(address: string): boolean;
}

/**
 * Parses one `deny=`/`permit=` value as Asterisk's `ast_append_ha`: comma-separated items, each
 * `address[/prefix or dotted mask]`, `!` to invert the sense; no mask means one host. Returns
 * the rules, or a message naming the item that cannot be read.
 */
export function parseAclValue(sense: 'deny' | 'permit', value: string): AclRule[] | string {
  const rules: AclRule[] = [];
  for (const raw of value.split(',')) {
    let item = raw.trim();
    if (item === '') continue;
    let itemSense = sense;
    if (item.startsWith('!')) {
      itemSense = sense === 'deny' ? 'permit' : 'deny';
      item = item.slice(1).trim();
    }
    const slash = item.indexOf('/');
    const host = (slash < 0 ? item : item.slice(0, slash)).replace(/^\[(.*)\]$/, '$1');
    const mask = slash < 0 ? undefined : item.slice(slash + 1);
    const family = isIPv4(host) ? 'ipv4' : isIPv6(host) ? 'ipv6' : undefined;
    if (family === undefined) return `"${raw.trim()}" is not an IP address`;
    const bits = family === 'ipv4' ? 32 : 128;
    const prefix = mask === undefined ? bits : maskPrefix(mask, family);
    if (prefix === undefined || prefix > bits)
      return `"${raw.trim()}" has a mask that is not a prefix length or netmask`;
    rules.push({ sense: itemSense, text: item, family, address: host, prefix });
  }
  return rules;
}

function maskPrefix(mask: string, family: 'ipv4' | 'ipv6'): number | undefined {
  if (/^\d{1,3}$/.test(mask)) return Number(mask);
  if (family !== 'ipv4' || !isIPv4(mask)) return undefined;
  const value = mask.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const binary = value.toString(2).padStart(32, '0');
  // Contiguous ones then zeros only: node's BlockList takes a prefix length.
  return /^1*0*$/.test(binary) ? (binary.indexOf('0') === -1 ? 32 : binary.indexOf('0')) : undefined;
}

/** An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as the IPv4 address, as Asterisk compares it. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * Compiles rules with node's `net.BlockList` (one per rule, since the last matching rule decides):
 * everything is allowed until a matching rule says otherwise, rules of the other family are skipped.
 */
export function compileAcl(rules: readonly AclRule[]): Acl {
  const matchers = rules.map((rule) => {
    const list = new BlockList();
    list.addSubnet(rule.address, rule.prefix, rule.family);
    return { rule, list };
  });
  return {
    rules,
    allows(address) {
      const plain = plainAddress(address);
      const family = isIPv4(plain) ? 'ipv4' : isIPv6(plain) ? 'ipv6' : undefined;
      if (family === undefined) return matchers.length === 0;
      let allowed = true;
      for (const { rule, list } of matchers)
        if (rule.family === family && list.check(plain, family)) allowed = rule.sense === 'permit';
      return allowed;
    },
  };
}
