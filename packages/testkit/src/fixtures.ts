// The kit's vitest fixtures (`test.extend`): import `test` from `@li-bus/testkit/fixtures` instead of vitest's and
// ask for what the test needs: `async ({ nc, emulator, defer }) => …`. Servers are per file, the rest per test.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { test as base } from 'vitest';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '@li-bus/linkedin-emulator';
import { createCleanupStack } from './cleanup-stack.ts';
import type { ManagedServer } from './managed-server.ts';
import { startNats } from './start-nats.ts';
import { startRedis } from './start-redis.ts';
import type { Defer } from './use-harness.ts';

// Vitest reads each fixture's dependencies from its first parameter, which must be a destructuring pattern:
// `{}` for a fixture that needs none.
/* eslint-disable no-empty-pattern */

export const test = base
  /** A NATS server (JetStream) of the file's own. */
  .extend('nats', { scope: 'file' }, async ({}, { onCleanup }): Promise<ManagedServer> => {
    const server = await startNats();
    onCleanup(() => server.close());
    return server;
  })
  /** One connection to `nats`, shared by the file's tests. */
  .extend('nc', { scope: 'file' }, async ({ nats }, { onCleanup }): Promise<NatsConnection> => {
    const nc = await connect({ servers: nats.url });
    onCleanup(() => nc.close());
    return nc;
  })
  /** A Redis server of the file's own. */
  .extend('redis', { scope: 'file' }, async ({}, { onCleanup }): Promise<ManagedServer> => {
    const server = await startRedis();
    onCleanup(() => server.close());
    return server;
  })
  /** How `emulator` starts; override per file with `test.override('emulatorOptions', {...})`. */
  .extend('emulatorOptions', {} as StartEmulatorOptions)
  /** A fresh listening LinkedIn emulator per test. */
  .extend('emulator', async ({ emulatorOptions }, { onCleanup }): Promise<RunningEmulator> => {
    const emulator = await startEmulator(emulatorOptions);
    onCleanup(() => emulator.close());
    return emulator;
  })
  /** Registers a teardown step run after the test, last-in first-out. */
  .extend('defer', async ({}, { onCleanup }): Promise<Defer> => {
    const stack = createCleanupStack();
    onCleanup(() => stack.run());
    return (step) => stack.defer(step);
  });
