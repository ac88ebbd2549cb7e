import { z } from 'zod';
import { eventId, isoDateTime } from './common.ts';

/** A `LinkedIn-Version` value: `YYYYMM`. */
export const linkedinApiVersion = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, 'must be YYYYMM');

/**
 * `linkedin.version.changed`: LinkedIn refused `from` (426) and every replica now sends `to`, the next
 * configured version. Published once per refusal, by the replica that recorded it in the shared state.
 */
export const linkedinVersionChanged = z.object({
  /** `linkedin-version:<from>:<refusedAt ms>`: one refusal, one event. */
  eventId,
  from: linkedinApiVersion,
  to: linkedinApiVersion,
  /** What LinkedIn answered, e.g. `426 NONEXISTENT_VERSION: Requested version 20260101 is not active`. */
  reason: z.string().min(1).max(500),
  /** Which service saw the refusal (`publisher`, `auth-gateway`). */
  service: z.string().min(1).max(100).optional(),
  changedAt: isoDateTime,
});
export type LinkedInVersionChanged = z.infer<typeof linkedinVersionChanged>;
