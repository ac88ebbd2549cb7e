import { it } from 'vitest';
import { expectScenarioPasses } from '../src/expect-scenario.ts';
import scenario from '../scenarios/05-redis-restart.ts';

it(
  '05: token records and schedule survive a SIGKILLed append-only Redis (fast scale)',
  { timeout: 90_000 },
  () => expectScenarioPasses(scenario),
);
