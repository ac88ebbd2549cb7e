import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactHeaders, redactUrl } from './redaction.ts';

export interface RequestLogEntry {
  id: number;
  /** Emulated time, epoch milliseconds. */
  time: number;
  method: string;
  /** Path and query, with secret query values redacted. */
  path: string;
  status: number;
  headers: Record<string, string>;
  /** Set when an injected fault answered (`injected`) or dropped the response after the handler ran. */
  fault?: 'injected' | 'dropped';
}

/** The log keeps the most recent entries only, in a fixed ring, so recording stays O(1). */
export const MAX_REQUEST_LOG_ENTRIES = 10_000;

export interface RequestLog {
  entries(): RequestLogEntry[];
  record(request: FastifyRequest, reply: FastifyReply, fault?: 'injected' | 'dropped'): void;
  clear(): void;
}

/** Admin calls are not logged, so the log shows only what clients did to "LinkedIn". */
export function isAdminPath(url: string): boolean {
  return url === '/_emulator' || url.startsWith('/_emulator/') || url.startsWith('/_emulator?');
}

export function createRequestLog(now: () => number, capacity = MAX_REQUEST_LOG_ENTRIES): RequestLog {
  let ring: (RequestLogEntry | undefined)[] = [];
  let nextId = 1;
  return {
    entries() {
      const out: RequestLogEntry[] = [];
      const firstId = Math.max(1, nextId - capacity);
      for (let id = firstId; id < nextId; id += 1) {
        const entry = ring[id % capacity];
        if (entry) out.push(entry);
      }
      return out;
    },
    record(request, reply, fault) {
      if (isAdminPath(request.url)) return;
      const entry: RequestLogEntry = {
        id: nextId,
        time: now(),
        method: request.method,
        path: redactUrl(request.url),
        status: reply.statusCode,
        headers: redactHeaders(request.headers),
        ...(fault ? { fault } : {}),
      };
      ring[nextId % capacity] = entry;
      nextId += 1;
    },
    clear() {
      ring = [];
    },
  };
}
