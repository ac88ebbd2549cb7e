import { afterAll, beforeAll } from 'vitest';
import type { StackOptions } from '../src/index.ts';
import { startTestSystem, type TestSystem } from './start-test-system.ts';

export { API_KEY, RETURN_TO, startTestSystem, type TestSystem } from './start-test-system.ts';

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
