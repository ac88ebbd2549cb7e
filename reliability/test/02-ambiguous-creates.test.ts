import { it } from 'vitest';
import { expectScenarioPasses } from '../src/expect-scenario.ts';
import scenario from '../scenarios/02-ambiguous-creates.ts';

it('02: ambiguous creates never become duplicate posts (fast scale)', { timeout: 90_000 }, () =>
  expectScenarioPasses(scenario),
);
