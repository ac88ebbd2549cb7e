import type { FastifyRequest } from 'fastify';
import { authenticateBearer, type Authenticated } from './bearer-auth.ts';
import {
  duplicateHeader,
  invalidProtocolVersion,
  nonexistentVersion,
  versionMissing,
} from './linkedin-errors.ts';
import type { EmulatorState } from './state.ts';
import { datedVersion, parseApiVersion, type ApiVersion } from './versions.ts';

export interface RestContext extends Authenticated {
  version: ApiVersion;
}

export interface RestGuard {
  /** `onRequest` hook for `/rest/*` routes: runs before the body is parsed, like LinkedIn's gateway. */
  check: (request: FastifyRequest) => Promise<void>;
  contextOf: (request: FastifyRequest) => RestContext;
}

function firstDuplicateHeader(rawHeaders: string[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    const key = name.toLowerCase();
    if (seen.has(key)) return name;
    seen.add(key);
  }
  return undefined;
}

/**
 * Checks in LinkedIn's order: Authorization (401), repeated headers (400), `LinkedIn-Version` missing (400)
 * or not in the version table at the emulated time (426), `X-Restli-Protocol-Version: 2.0.0` (400).
 */
export function createRestGuard(state: EmulatorState): RestGuard {
  const contexts = new WeakMap<FastifyRequest, RestContext>();
  return {
    async check(request) {
      const auth = authenticateBearer(state, request.headers.authorization);
      const duplicate = firstDuplicateHeader(request.raw.rawHeaders);
      if (duplicate !== undefined) throw duplicateHeader(duplicate);
      const rawVersion = request.headers['linkedin-version'];
      if (typeof rawVersion !== 'string' || rawVersion.trim() === '') throw versionMissing();
      const version = parseApiVersion(rawVersion);
      if (!version) throw nonexistentVersion(rawVersion.trim());
      if (!state.versions.isActive(version, state.clock.now())) {
        throw nonexistentVersion(datedVersion(version));
      }
      if (request.headers['x-restli-protocol-version'] !== '2.0.0') throw invalidProtocolVersion();
      contexts.set(request, { ...auth, version });
    },
    contextOf(request) {
      const context = contexts.get(request);
      if (!context) throw new Error('rest guard did not run for this route');
      return context;
    },
  };
}
