import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { assertPublicHost, guardedLookup, isPublicUnicast, RefusedAddressError } from './index.ts';

const lookup = (host: string, all: boolean) =>
  new Promise<string | LookupAddress[]>((resolve, reject) => {
    guardedLookup(host, { all }, (error, address) => (error ? reject(error) : resolve(address)));
  });

describe('net guard: only public unicast addresses', () => {
  it('refuses private, loopback, link-local, CGNAT, documentation, benchmarking, reserved and mapped forms', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '192.0.0.8',
      '192.0.2.1',
      '198.51.100.1',
      '203.0.113.1',
      '198.18.0.1',
      '240.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'ff02::1',
      '2001:db8::1',
      '2001:2::1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:192.0.2.1',
      '[::1]',
      'localhost',
      '127.1',
      '',
    ]) {
      expect(isPublicUnicast(address), address).toBe(false);
    }
  });

  it('lets global unicast addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicUnicast(address), address).toBe(true);
    }
  });

  it('checks IP-literal and localhost hosts, which skip DNS, with a message that names no address', () => {
    for (const host of [
      '127.0.0.1',
      '[::1]',
      '192.0.2.1',
      '[::ffff:127.0.0.1]',
      'localhost',
      'a.localhost',
    ]) {
      const error = (() => {
        try {
          assertPublicHost(host);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, host).toBeInstanceOf(RefusedAddressError);
      expect((error as Error).message).toBe('the host is not a public address');
    }
    expect(() => assertPublicHost('media.example.com')).not.toThrow();
    expect(() => assertPublicHost('93.184.216.34')).not.toThrow();
  });

  it('refuses at lookup time a name that resolves to a loopback address, keeping the address for logs', async () => {
    const error = await lookup('localhost', false).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RefusedAddressError);
    expect((error as RefusedAddressError).message).not.toMatch(/127\.0\.0\.1|::1/);
    expect((error as RefusedAddressError).address).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(RefusedAddressError.find(new Error('connect failed', { cause: error }))).toBe(error);
  });

  it('answers a public address, in both lookup forms', async () => {
    expect(await lookup('93.184.216.34', false)).toBe('93.184.216.34');
    expect(await lookup('93.184.216.34', true)).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });
});
