/** The emulated clock: real time plus an offset that tests move forward with `POST /_emulator/clock`. */
export interface Clock {
  /** Emulated time in epoch milliseconds. */
  now(): number;
  advance(seconds: number): void;
  reset(): void;
}

export function createClock(realNow: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => realNow() + offsetMs,
    advance(seconds) {
      offsetMs += Math.round(seconds * 1000);
    },
    reset() {
      offsetMs = 0;
    },
  };
}
