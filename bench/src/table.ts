/** One line of the bench table: our figure, the baseline measured beside it in the same run, and the ratio. */
export interface Row {
  row: string;
  ours: number;
  /** NaN when the row has no baseline (printed as a dash). */
  baseline: number;
  unit: string;
  /** The ratio when it is not ours / baseline of the medians: the median of per-round ratios, for paired rounds. */
  ratio?: number;
}

const figure = (value: number) => {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
};

const ratioOf = (row: Row) =>
  row.ratio ?? (Number.isFinite(row.baseline) && row.baseline !== 0 ? row.ours / row.baseline : NaN);

/** A plain-text table (Markdown pipes, so it pastes into docs as it is). */
export function formatTable(rows: readonly Row[]): string {
  const cells = [
    ['row', 'ours', 'baseline', 'ratio', 'unit'],
    ...rows.map((r) => [r.row, figure(r.ours), figure(r.baseline), figure(ratioOf(r)), r.unit]),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((line) => line[c]!.length)));
  const numeric = [false, true, true, true, false];
  const line = (values: string[]) =>
    `| ${values.map((v, c) => (numeric[c] ? v.padStart(widths[c]!) : v.padEnd(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric[c] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}
