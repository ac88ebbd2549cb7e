// pnpm reliability [--fast] [--only-fast] [id-prefix ...]
//   Runs the scenarios one after another, prints each one's figures as a Markdown table and writes them to
//   reliability/results/<id>.json; exits 1 when any bar was missed or a scenario broke.
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadScenarios } from './load-scenarios.ts';
import { formatReport } from './report.ts';
import { runScenario } from './run-scenario.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    fast: { type: 'boolean', default: false },
    'only-fast': { type: 'boolean', default: false },
  },
});
const scale = values.fast ? 'fast' : 'full';
const all = await loadScenarios();
const selected = all
  .filter((s) => positionals.length === 0 || positionals.some((p) => s.id.startsWith(p)))
  .filter((s) => !values['only-fast'] || s.fast);
if (selected.length === 0) {
  console.error(`no scenario matches ${positionals.join(' ')}; known: ${all.map((s) => s.id).join(', ')}`);
  process.exit(2);
}

const resultsDir = new URL('../results/', import.meta.url);
await mkdir(resultsDir, { recursive: true });
let failed = 0;
for (const scenario of selected) {
  process.stderr.write(`[${scenario.id}] ${scenario.title} (${scale})\n`);
  const report = await runScenario(scenario, scale);
  if (!report.passed) failed++;
  console.log(`${formatReport(report)}\n`);
  await writeFile(
    new URL(`${scenario.id}.${scale}.json`, resultsDir),
    `${JSON.stringify(report, null, 2)}\n`,
  );
}
console.log(`${selected.length - failed} of ${selected.length} scenarios passed`);
process.exit(failed === 0 ? 0 : 1);
