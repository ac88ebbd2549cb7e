import type { z } from 'zod';
import { describeIssues } from '@li-bus/contracts';
import { HttpError } from './errors.ts';

/** A request part checked against its schema, or 400 `invalid_request` naming the field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error));
  return parsed.data;
}
