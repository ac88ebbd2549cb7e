import { describe, expect, it } from 'vitest';
import { MIN_NATS_SERVER_VERSION as TESTKIT_MINIMUM } from '@li-bus/testkit';
import {
  isServerVersionAtLeast,
  MIN_NATS_SERVER_VERSION,
  NatsServerTooOldError,
  parseServerVersion,
  requireNatsServerVersion,
} from './server-version.ts';

describe('isServerVersionAtLeast', () => {
  it.each([
    ['2.15.1', true],
    ['2.12.0', true],
    ['2.12', true],
    ['2.12.0-RC.1', true],
    ['2.13.0', true],
    ['3.0.0', true],
    ['2.11.9', false],
    ['2.10.29', false],
    ['2.9.10', false],
    ['1.13.0', false],
    ['', false],
    ['dev', false],
  ])('%s against the minimum 2.12: %s', (version, expected) => {
    expect(isServerVersionAtLeast(version)).toBe(expected);
  });

  it('compares numerically, not as text', () => {
    expect(isServerVersionAtLeast('2.9.10', '2.10')).toBe(false);
    expect(isServerVersionAtLeast('2.10.0', '2.9.10')).toBe(true);
    expect(parseServerVersion('v2.15.1')).toEqual([2, 15, 1]);
  });

  it('is the same minimum the testkit holds the test servers to', () => {
    expect(MIN_NATS_SERVER_VERSION).toBe('2.12');
    expect(TESTKIT_MINIMUM).toBe(MIN_NATS_SERVER_VERSION);
  });
});

describe('requireNatsServerVersion', () => {
  const connection = (version: string | undefined) => ({
    info: version === undefined ? undefined : { version },
    getServer: () => '127.0.0.1:4222',
  });

  it('names the version, the server and what the services need', () => {
    expect(() => requireNatsServerVersion(connection('2.9.10'))).toThrow(
      new NatsServerTooOldError('2.9.10', 'nats://127.0.0.1:4222', '2.12'),
    );
    expect(() => requireNatsServerVersion(connection('2.9.10'))).toThrow(
      'nats-server 2.9.10 at nats://127.0.0.1:4222: 2.12 or newer is required (message schedules, per-message TTLs)',
    );
    expect(() => requireNatsServerVersion(connection(undefined))).toThrow(
      'nats-server (version unknown) at nats://127.0.0.1:4222',
    );
  });

  it('accepts 2.12 and newer', () => {
    expect(() => requireNatsServerVersion(connection('2.15.1'))).not.toThrow();
    expect(() => requireNatsServerVersion(connection('2.12.0'))).not.toThrow();
  });
});
