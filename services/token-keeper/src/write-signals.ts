/**
 * In-process wake-ups: the consumers of this replica say which connection they just wrote, and `tokens.await`
 * requests waiting for it look again at once instead of at their next poll. Writes made by another replica
 * are found by polling (see await-stored.ts).
 */
export interface WriteSignals {
  written(connectionId: string): void;
  /** Resolves on the next write of the connection in this process, after `ms`, or when closed. */
  next(connectionId: string, ms: number): Promise<void>;
  /** Wakes every waiter; `closed` stays true afterwards. */
  close(): void;
  readonly closed: boolean;
}

export function createWriteSignals(): WriteSignals {
  const waiters = new Map<string, Set<() => void>>();
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    written(connectionId) {
      const set = waiters.get(connectionId);
      if (!set) return;
      waiters.delete(connectionId);
      for (const wake of set) wake();
    },
    next(connectionId, ms) {
      if (closed) return Promise.resolve();
      return new Promise((resolve) => {
        const set = waiters.get(connectionId) ?? new Set();
        waiters.set(connectionId, set);
        const wake = () => {
          clearTimeout(timer);
          set.delete(wake);
          if (set.size === 0 && waiters.get(connectionId) === set) waiters.delete(connectionId);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        set.add(wake);
      });
    },
    close() {
      closed = true;
      const all = [...waiters.values()];
      waiters.clear();
      for (const set of all) for (const wake of set) wake();
    },
  };
}
