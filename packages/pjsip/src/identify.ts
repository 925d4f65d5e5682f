import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { parseNameAddr } from '@messagesend/core';
import { findHeader, type IncomingRequest } from '@messagesend/sip-ua';
import type { PjsipConfig } from './config/types.js';

export interface Identified {
  endpoint: string;
  by: 'username' | 'ip' | 'anonymous';
}

/**
 * Which endpoint sent a request, in res_pjsip's default order: the From user naming an endpoint,
 * then an `identify` section whose match covers the source address, then an endpoint named
 * `anonymous` if one is configured. Unidentified requests are refused by the caller.
 */
export function identifyEndpoint(
  request: IncomingRequest,
  config: PjsipConfig,
  matchers: IdentifyMatchers,
): Identified | undefined {
  const endpoints = config.endpoints ?? {};
  const from = parseNameAddr(findHeader(request.headers, 'from') ?? '');
  const user = from.ok ? from.value.uri.user : undefined;
  if (user !== undefined && Object.hasOwn(endpoints, user)) return { endpoint: user, by: 'username' };
  const byIp = matchers.match(request.source.address);
  if (byIp !== undefined && Object.hasOwn(endpoints, byIp)) return { endpoint: byIp, by: 'ip' };
  if (Object.hasOwn(endpoints, 'anonymous')) return { endpoint: 'anonymous', by: 'anonymous' };
  return undefined;
}

export interface IdentifyMatchers {
  match(address: string): string | undefined;
}

/** Compiles the identify sections' IP and CIDR matches; anything else is reported as a warning. */
export function compileIdentify(config: PjsipConfig, warnings: string[]): IdentifyMatchers {
  const lists: { endpoint: string; list: BlockList }[] = [];
  for (const identify of config.identifies ?? []) {
    const list = new BlockList();
    for (const match of identify.match) {
      const [address = '', prefix] = match.split('/');
      const family = isIPv6(address) ? 'ipv6' : 'ipv4';
      if (!isIPv4(address) && !isIPv6(address)) {
        warnings.push(
          `[${identify.name}] match=${match}: only IP addresses and CIDR blocks are supported; ignored`,
        );
        continue;
      }
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
    lists.push({ endpoint: identify.endpoint, list });
  }
  return {
    match(address) {
      const bare = address.replace(/^::ffff:/, '');
      const family = isIPv6(bare) ? 'ipv6' : 'ipv4';
      return lists.find(({ list }) => list.check(bare, family))?.endpoint;
    },
  };
}
