/** Calls `send(0 … count-1)` at `rate` per second without waiting for each to finish (errors are logged). */
export async function pace(
  count: number,
  rate: number,
  send: (n: number) => Promise<unknown>,
): Promise<void> {
  const started = performance.now();
  for (let n = 0; n < count; n += 1) {
    send(n).catch((error: unknown) => console.error('paced send failed', error));
    // Against the start, not the last tick: a late timer does not slow the whole run down.
    const wait = started + ((n + 1) * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A promise that resolves once `mark` has been called `count` times. */
export function countdown(count: number): { mark: () => void; done: Promise<void> } {
  let left = count;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  if (count <= 0) resolve();
  return {
    mark: () => {
      if (--left === 0) resolve();
    },
    done,
  };
}
