import { describe, expect, it } from 'vitest';
import { assertHostAllowed, isPrivateAddress } from './address-guard.ts';

describe('address guard (SSRF)', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and mapped forms', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('checks IP-literal and localhost hosts, which skip DNS', () => {
    expect(() => assertHostAllowed('127.0.0.1')).toThrow(/loopback/);
    expect(() => assertHostAllowed('[::1]')).toThrow(/loopback/);
    expect(() => assertHostAllowed('localhost')).toThrow();
    expect(() => assertHostAllowed('media.example.com')).not.toThrow();
  });
});
