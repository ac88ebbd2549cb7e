import { describe, expect, it } from 'vitest';
import { CleanupError, createCleanupStack } from '../src/cleanup-stack.ts';
import { useHarness, type SuiteHooks } from '../src/use-harness.ts';

describe('cleanup stack', () => {
  it('runs steps last-in first-out, once', async () => {
    const order: string[] = [];
    const stack = createCleanupStack();
    stack.defer(() => order.push('server'));
    stack.defer(async () => void order.push('connection'));
    await stack.run();
    await stack.run();
    expect(order).toEqual(['connection', 'server']);
  });

  it('runs every step when one fails, then reports the failures', async () => {
    const order: string[] = [];
    const stack = createCleanupStack();
    stack.defer(() => order.push('first'));
    stack.defer(() => {
      throw new Error('boom');
    });
    stack.defer(() => order.push('last'));
    const failure = await stack.run().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CleanupError);
    expect((failure as CleanupError).errors).toHaveLength(1);
    expect(order).toEqual(['last', 'first']);
  });
});

/** Hooks recorded instead of registered, so one test drives a harness's whole lifecycle by hand. */
function recordedHooks() {
  const registered: Record<keyof SuiteHooks, (() => Promise<void>)[]> = {
    beforeAll: [],
    afterAll: [],
    beforeEach: [],
    afterEach: [],
  };
  const hooks: SuiteHooks = {
    beforeAll: (fn) => void registered.beforeAll.push(fn),
    afterAll: (fn) => void registered.afterAll.push(fn),
    beforeEach: (fn) => void registered.beforeEach.push(fn),
    afterEach: (fn) => void registered.afterEach.push(fn),
  };
  const run = async (name: keyof SuiteHooks) => {
    for (const fn of registered[name]) await fn();
  };
  return { hooks, run };
}

describe('useHarness', () => {
  it('sets up per file and per test, and tears each down in reverse', async () => {
    const log: string[] = [];
    const { hooks, run } = recordedHooks();
    let tests = 0;
    const current = useHarness(hooks, 'sample', {
      async file(defer) {
        log.push('file up');
        defer(() => log.push('file down'));
        return 'file-value';
      },
      async each(file, defer) {
        tests += 1;
        log.push(`test ${tests} up on ${file}`);
        defer(() => log.push(`test ${tests} down`));
        return { test: tests };
      },
    });
    expect(() => current()).toThrow(/only available inside a test/);
    await run('beforeAll');
    await run('beforeEach');
    expect(current()).toEqual({ test: 1 });
    await run('afterEach');
    expect(() => current()).toThrow(/only available inside a test/);
    await run('beforeEach');
    expect(current()).toEqual({ test: 2 });
    await run('afterEach');
    await run('afterAll');
    expect(log).toEqual([
      'file up',
      'test 1 up on file-value',
      'test 1 down',
      'test 2 up on file-value',
      'test 2 down',
      'file down',
    ]);
  });

  it('fails the test on a failing teardown step unless the harness is lenient', async () => {
    for (const teardown of ['strict', 'lenient'] as const) {
      const { hooks, run } = recordedHooks();
      useHarness(hooks, 'sample', {
        teardown,
        file: async () => undefined,
        async each(_file, defer) {
          defer(() => {
            throw new Error('close failed');
          });
        },
      });
      await run('beforeAll');
      await run('beforeEach');
      const outcome = await run('afterEach').then(
        () => 'passed',
        () => 'failed',
      );
      expect(outcome).toBe(teardown === 'strict' ? 'failed' : 'passed');
    }
  });
});
