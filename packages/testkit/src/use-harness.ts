import { createCleanupStack, type CleanupStep } from './cleanup-stack.ts';

/** Vitest's suite hooks, passed in so a harness module does not import the runner itself. */
export interface SuiteHooks {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
  beforeEach(fn: () => Promise<void>): void;
  afterEach(fn: () => Promise<void>): void;
}

export type Defer = (step: CleanupStep) => void;

export interface HarnessSetup<F, T> {
  /** Once per file (servers, connections); `defer` registers what `afterAll` closes. */
  file(defer: Defer): Promise<F>;
  /** Before each test, with the file's value; `defer` registers what `afterEach` closes. */
  each(file: F, defer: Defer): Promise<T>;
  /** A failing teardown step fails the test (`strict`, the default) or is ignored (`lenient`). */
  teardown?: 'strict' | 'lenient';
}

/**
 * The hooks and cleanup stacks every service harness shares: one setup per file, one per test, each torn down
 * last-in first-out. Returns the accessor of the current test's value (it throws outside a test).
 */
export function useHarness<F, T>(hooks: SuiteHooks, name: string, setup: HarnessSetup<F, T>): () => T {
  const fileStack = createCleanupStack();
  const testStack = createCleanupStack();
  const settle = (run: Promise<void>) => (setup.teardown === 'lenient' ? run.catch(() => undefined) : run);
  let file: { value: F } | undefined;
  let current: { value: T } | undefined;

  hooks.beforeAll(async () => {
    file = { value: await setup.file((step) => fileStack.defer(step)) };
  });
  hooks.afterAll(async () => {
    file = undefined;
    await settle(fileStack.run());
  });
  hooks.beforeEach(async () => {
    if (file === undefined) throw new Error(`the ${name} harness did not start`);
    current = { value: await setup.each(file.value, (step) => testStack.defer(step)) };
  });
  hooks.afterEach(async () => {
    current = undefined;
    await settle(testStack.run());
  });

  return () => {
    if (current === undefined) throw new Error(`the ${name} harness is only available inside a test`);
    return current.value;
  };
}
