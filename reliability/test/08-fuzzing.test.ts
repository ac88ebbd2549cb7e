import { it } from 'vitest';
import scenario from '../scenarios/08-fuzzing.ts';
import { expectScenarioPasses } from '../src/expect-scenario.ts';

it('fuzzing finds no crash and no wrong answer at the fast scale', { timeout: 180_000 }, () =>
  expectScenarioPasses(scenario),
);
