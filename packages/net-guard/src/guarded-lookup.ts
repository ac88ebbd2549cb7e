import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicUnicast } from './public-address.ts';
import { RefusedAddressError } from './refused-address-error.ts';

/**
 * A `lookup` for sockets (undici's `connect: { lookup }`, `net.connect`) that refuses a host when any of its
 * addresses is not public unicast. It runs at connect time, so the address checked is the address connected to
 * (no DNS rebinding between a check and the use).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const bad = addresses.find((entry) => !isPublicUnicast(entry.address));
    if (bad) return callback(new RefusedAddressError(hostname, bad.address), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
    callback(null, first.address, first.family);
  });
};

/** An IP-literal host skips DNS (and so `lookup`): check it, and `localhost` names, before connecting. */
export function assertPublicHost(hostname: string): void {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(bare) !== 0 && !isPublicUnicast(bare)) throw new RefusedAddressError(hostname, bare);
  if (bare === 'localhost' || bare.endsWith('.localhost')) throw new RefusedAddressError(hostname, bare);
}
