import { afterAll, beforeAll } from 'vitest';
import { test as kitTest } from '@li-bus/testkit/fixtures';
import type { StackOptions } from '../src/index.ts';
import { startTestSystem, type TestSystem } from './start-test-system.ts';

export { API_KEY, RETURN_TO, startTestSystem, type TestSystem } from './start-test-system.ts';

/**
 * The kit's `test` with a `system` fixture: real NATS and Redis, the emulator and the three services as
 * processes, one per file, closed after it: `systemTest()(name, async ({ system }) => …)`.
 */
export function systemTest(overrides: Partial<StackOptions> = {}) {
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  return kitTest.extend('system', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestSystem> => {
    const system = await startTestSystem(overrides);
    onCleanup(() => system.close());
    return system;
  });
}

/** Starts a test system before the file's tests and closes it after them; call the result inside a test. */
export function useTestSystem(overrides: Partial<StackOptions> = {}): () => TestSystem {
  let system: TestSystem | undefined;
  beforeAll(async () => {
    system = await startTestSystem(overrides);
  });
  afterAll(async () => {
    await system?.close();
  });
  return () => {
    if (!system) throw new Error('the test system did not start');
    return system;
  };
}
