import { describeBar, meetsBar, type Figure, type Scale } from './scenario.ts';

export interface ScenarioReport {
  id: string;
  title: string;
  scale: Scale;
  date: string;
  durationMs: number;
  passed: boolean;
  figures: Figure[];
  error?: string;
}

function formatValue(figure: Figure): string {
  const value = Number.isInteger(figure.value)
    ? figure.value.toLocaleString('en-US')
    : figure.value.toFixed(2);
  return figure.unit ? `${value} ${figure.unit}` : value;
}

/** One scenario's figures as a Markdown table (what `docs/reliability.md` records). */
export function formatReport(report: ScenarioReport): string {
  const status = report.passed ? 'PASS' : 'FAIL';
  const head = `### ${report.id}: ${report.title} (${report.scale}, ${report.date}, ${(report.durationMs / 1000).toFixed(1)} s) ${status}`;
  const rows = report.figures.map(
    (figure) =>
      `| ${figure.name} | ${formatValue(figure)} | ${describeBar(figure.bar)} | ${figure.bar ? (meetsBar(figure) ? 'ok' : 'MISSED') : ''} |`,
  );
  const table = ['| figure | value | bar | |', '|---|---:|---|---|', ...rows].join('\n');
  return [head, '', table, ...(report.error ? ['', `error: ${report.error}`] : [])].join('\n');
}
