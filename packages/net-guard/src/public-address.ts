import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Whether an outgoing connection may go to `address`: only what ipaddr.js names `unicast` (IPv4 or IPv6), that
 * is no private, loopback, link-local, CGNAT, documentation, benchmarking, multicast, reserved or translation
 * range. An IPv4-mapped IPv6 address is judged as the IPv4 address it carries. Anything that is not a plain IP
 * address (a name, a legacy form such as `127.1`) is refused.
 */
export function isPublicUnicast(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare.split('%')[0] ?? '') === 0) return false;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}
