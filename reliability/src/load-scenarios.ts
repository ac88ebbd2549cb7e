import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './scenario.ts';

const SCENARIO_DIR = new URL('../scenarios/', import.meta.url);

/** Every scenario in `reliability/scenarios/` (one per file, the default export), in file-name order. */
export async function loadScenarios(): Promise<Scenario[]> {
  const files = (await readdir(fileURLToPath(SCENARIO_DIR)))
    .filter((file) => /^\d\d-.+\.ts$/.test(file))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, SCENARIO_DIR).href)) as { default: Scenario };
    scenarios.push(module.default);
  }
  return scenarios;
}
