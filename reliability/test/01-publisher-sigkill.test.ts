import { it } from 'vitest';
import { expectScenarioPasses } from '../src/expect-scenario.ts';
import scenario from '../scenarios/01-publisher-sigkill.ts';

it('01: the publisher killed 3 times loses and repeats no post (fast scale)', { timeout: 90_000 }, () =>
  expectScenarioPasses(scenario),
);
