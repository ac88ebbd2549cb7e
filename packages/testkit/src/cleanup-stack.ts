/** A teardown step: closes, stops or unsubscribes something a setup made. */
export type CleanupStep = () => unknown;

/** Teardown steps, run last-in first-out (what was made last is closed first). */
export interface CleanupStack {
  defer(step: CleanupStep): void;
  /** Runs every step even when one fails; then throws the failures as one `CleanupError`. */
  run(): Promise<void>;
}

export class CleanupError extends AggregateError {
  readonly code = 'cleanup_failed';
  constructor(errors: unknown[]) {
    super(errors, `${errors.length} cleanup step(s) failed`);
    this.name = 'CleanupError';
  }
}

export function createCleanupStack(): CleanupStack {
  let steps: CleanupStep[] = [];
  return {
    defer(step) {
      steps.push(step);
    },
    async run() {
      const pending = steps.reverse();
      steps = [];
      const errors: unknown[] = [];
      for (const step of pending) {
        try {
          await step();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) throw new CleanupError(errors);
    },
  };
}
