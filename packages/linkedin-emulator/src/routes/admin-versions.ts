import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseAdminBody } from '../admin-schemas.ts';
import type { EmulatorState } from '../state.ts';
import type { VersionEntry } from '../versions.ts';

const day = z.iso.date().or(z.iso.datetime());

/** `POST /_emulator/versions`: the whole table of versions LinkedIn accepts, each from release to sunset. */
export const VersionsBody = z.strictObject({
  versions: z
    .array(
      z
        .strictObject({
          version: z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, 'must be YYYYMM'),
          releasedAt: day,
          sunsetAt: day,
        })
        .refine((entry) => Date.parse(entry.releasedAt) < Date.parse(entry.sunsetAt), {
          message: 'releasedAt must come before sunsetAt',
        }),
    )
    .max(240),
});

function view(state: EmulatorState) {
  const now = state.clock.now();
  return {
    now: new Date(now).toISOString(),
    versions: state.versions.entries().map((entry) => ({
      version: entry.version,
      releasedAt: new Date(entry.releasedAt).toISOString(),
      sunsetAt: new Date(entry.sunsetAt).toISOString(),
      active: entry.releasedAt <= now && now < entry.sunsetAt,
    })),
  };
}

/** The version table: read it (with what is active at the emulated time) or replace it. Not part of LinkedIn. */
export function registerAdminVersionRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/_emulator/versions', async () => view(state));
  app.post('/_emulator/versions', async (request) => {
    const body = parseAdminBody(VersionsBody, request.body);
    const entries: VersionEntry[] = body.versions.map((entry) => ({
      version: entry.version,
      releasedAt: Date.parse(entry.releasedAt),
      sunsetAt: Date.parse(entry.sunsetAt),
    }));
    state.versions.set(entries);
    return view(state);
  });
}
