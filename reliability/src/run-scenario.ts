import { missedBars, type Scale, type Scenario } from './scenario.ts';
import type { ScenarioReport } from './report.ts';

/** Runs one scenario and turns what it measured (or how it broke) into a report. */
export async function runScenario(
  scenario: Scenario,
  scale: Scale,
  log: (message: string) => void = (message) => process.stderr.write(`[${scenario.id}] ${message}\n`),
): Promise<ScenarioReport> {
  const started = Date.now();
  const base = { id: scenario.id, title: scenario.title, scale, date: new Date().toISOString().slice(0, 10) };
  try {
    const figures = await scenario.run({ scale, log });
    return {
      ...base,
      durationMs: Date.now() - started,
      figures,
      passed: missedBars(figures).length === 0,
    };
  } catch (error) {
    return {
      ...base,
      durationMs: Date.now() - started,
      figures: [],
      passed: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}
