import { describe, expect, it } from 'vitest';
import { defineScenario, missedBars, runScenario } from '../src/index.ts';
import { formatReport } from '../src/report.ts';

describe('scenario reports', () => {
  it('passes only when every bar is met, and names the missed one', async () => {
    const scenario = defineScenario({
      id: '00-example',
      title: 'example',
      fast: false,
      run: async () => [
        { name: 'lost', value: 0, bar: { eq: 0 } },
        { name: 'share kept', value: 0.9, bar: { min: 0.95 } },
        { name: 'p99', value: 12, unit: 'ms' },
      ],
    });
    const report = await runScenario(scenario, 'fast', () => {});
    expect(report.passed).toBe(false);
    expect(missedBars(report.figures).map((f) => f.name)).toEqual(['share kept']);
    expect(formatReport(report)).toMatch(/\| share kept \| 0\.90 \| ≥ 0\.95 \| MISSED \|/);
  });

  it('turns a scenario that throws into a failed report with the error', async () => {
    const report = await runScenario(
      {
        id: '00-broken',
        title: 'broken',
        fast: false,
        run: () => Promise.reject(new Error('cluster did not form')),
      },
      'full',
      () => {},
    );
    expect(report).toMatchObject({ passed: false, figures: [] });
    expect(report.error).toContain('cluster did not form');
  });
});
