import { it } from 'vitest';
import scenario from '../scenarios/09-secret-hygiene.ts';
import { expectScenarioPasses } from '../src/expect-scenario.ts';

it('secret hygiene holds at the fast scale', { timeout: 120_000 }, () => expectScenarioPasses(scenario));
