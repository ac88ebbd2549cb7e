import { expect } from 'vitest';
import { formatReport } from './report.ts';
import { runScenario } from './run-scenario.ts';
import type { Scenario } from './scenario.ts';

/** What each fast-subset test does: run the scenario at the fast scale and require every bar met. */
export async function expectScenarioPasses(scenario: Scenario): Promise<void> {
  const report = await runScenario(scenario, 'fast', () => {});
  expect(report.error, formatReport(report)).toBeUndefined();
  expect(report.figures.length, 'a scenario must measure something').toBeGreaterThan(0);
  expect(report.passed, formatReport(report)).toBe(true);
}
