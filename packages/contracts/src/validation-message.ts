import type { z } from 'zod';

/** One line naming every bad field: `text: must be at most 3000 characters after escaping; requestId: …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
}
