import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  currentNatsServerBin,
  NatsServerTooOldError,
  natsServerBinVersion,
  natsVersionAtLeast,
  oldNatsServerBin,
} from '../src/index.ts';

describe('natsVersionAtLeast', () => {
  it.each([
    ['2.15.1', true],
    ['v2.15.1', true],
    ['2.12.0', true],
    ['2.12.0-RC.1', true],
    ['3.0.0', true],
    ['2.11.9', false],
    ['2.9.10', false],
    ['1.99.99', false],
    ['', false],
    ['unknown', false],
  ])('%s against 2.12: %s', (version, expected) => {
    expect(natsVersionAtLeast(version)).toBe(expected);
  });
});

describe('currentNatsServerBin', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('runs a nats-server 2.12 or newer by default (the fetched 2.15 when present)', () => {
    expect(natsVersionAtLeast(natsServerBinVersion(currentNatsServerBin()))).toBe(true);
  });

  const old = oldNatsServerBin();
  it.skipIf(old === undefined)(
    'refuses an older NATS_SERVER_BIN, naming it and how to get a current one',
    () => {
      vi.stubEnv('NATS_SERVER_BIN', old ?? '');
      expect(() => currentNatsServerBin()).toThrow(NatsServerTooOldError);
      expect(() => currentNatsServerBin()).toThrow(
        `nats-server 2.9.10 (${old}) is older than 2.12, which the services need (message schedules, per-message TTLs): run scripts/fetch-nats-server.sh`,
      );
    },
  );
});
