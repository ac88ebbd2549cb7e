import type { Readiness } from './ops-routes.ts';

export interface ReadinessState extends Readiness {
  /** Marks the process as shutting down: /readyz answers 503 from now on. */
  markClosing(): void;
  readonly closing: boolean;
}

/** Ready while every named probe says so and the process is not shutting down. */
export function createReadiness(probes: Record<string, () => boolean>): ReadinessState {
  let closing = false;
  return {
    get closing() {
      return closing;
    },
    markClosing() {
      closing = true;
    },
    check() {
      if (closing) return 'shutting down';
      const failing = Object.entries(probes).filter(([, probe]) => !probe());
      return failing.length ? `not ready: ${failing.map(([name]) => name).join(', ')}` : null;
    },
  };
}
