import { randomUUID } from 'node:crypto';
import { throttleLimitReached } from './linkedin-errors.ts';

export interface FaultSpec {
  /** HTTP method, or `*` for any. */
  method: string;
  /** Matches request paths (without query) that start with it. */
  pathPrefix: string;
  status?: number | undefined;
  body?: unknown;
  delayMs?: number | undefined;
  /** How many matching requests the fault applies to. */
  times: number;
  /** Run the real handler (the resource is created), then destroy the socket without answering. */
  dropResponseAfterCommit?: boolean | undefined;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number;
}

export interface FaultStore {
  add(spec: FaultSpec): Fault;
  /** The first fault matching the request, with one use taken from it. */
  take(method: string, path: string): Fault | undefined;
  list(): Fault[];
  clear(): void;
}

export function createFaultStore(): FaultStore {
  let faults: Fault[] = [];
  return {
    add(spec) {
      const fault = { ...spec, method: spec.method.toUpperCase(), id: randomUUID(), remaining: spec.times };
      faults.push(fault);
      return fault;
    },
    take(method, path) {
      const fault = faults.find(
        (f) => (f.method === '*' || f.method === method.toUpperCase()) && path.startsWith(f.pathPrefix),
      );
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return { ...fault };
    },
    list: () => faults.map((f) => ({ ...f })),
    clear() {
      faults = [];
    },
  };
}

/** Default bodies for injected statuses when the fault gives none. */
export function defaultFaultBody(status: number): Record<string, unknown> {
  if (status === 429) return throttleLimitReached().body;
  return { message: `Emulator injected fault (HTTP ${status})`, status };
}
