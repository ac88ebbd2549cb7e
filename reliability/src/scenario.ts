/** How big a run is: `fast` is the reduced size CI runs, `full` the size the bars are stated for. */
export type Scale = 'fast' | 'full';

/** A bar a figure must meet for the scenario to pass. */
export type Bar = { eq: number } | { max: number } | { min: number };

export interface Figure {
  name: string;
  value: number;
  unit?: string;
  /** Absent for figures that are only reported (durations, rates). */
  bar?: Bar;
}

export interface ScenarioContext {
  scale: Scale;
  /** Progress for long runs (goes to stderr; the figures go to stdout). */
  log: (message: string) => void;
}

export interface Scenario {
  /** File-name stem, e.g. `01-publisher-sigkill`; also what `pnpm reliability <id>` selects. */
  id: string;
  title: string;
  /** Whether CI's fast subset runs it. */
  fast: boolean;
  run(context: ScenarioContext): Promise<Figure[]>;
}

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

export function meetsBar(figure: Figure): boolean {
  const bar = figure.bar;
  if (!bar) return true;
  if ('eq' in bar) return figure.value === bar.eq;
  if ('max' in bar) return figure.value <= bar.max;
  return figure.value >= bar.min;
}

export function describeBar(bar: Bar | undefined): string {
  if (!bar) return '';
  if ('eq' in bar) return `= ${bar.eq}`;
  if ('max' in bar) return `≤ ${bar.max}`;
  return `≥ ${bar.min}`;
}

/** The figures that missed their bar (empty when the scenario passed). */
export function missedBars(figures: readonly Figure[]): Figure[] {
  return figures.filter((figure) => !meetsBar(figure));
}
