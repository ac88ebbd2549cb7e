import type { z } from 'zod';
import type { InputError } from './linkedin-errors.ts';

/** LinkedIn's wording for a field its schema does not know (n8n-io/n8n#6327, reference §9.6). */
export const UNRECOGNIZED_FIELD = 'unrecognized field found but not allowed';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('/');

/** One zod issue as LinkedIn's `inputErrors` entries (an unknown-keys issue gives one entry per key). */
function toInputErrors(input: unknown, issue: z.core.$ZodIssue): InputError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      fieldPath: joinPath([...issue.path, key]),
      code: 'UNRECOGNIZED_FIELD',
      description: UNRECOGNIZED_FIELD,
    }));
  }
  const fieldPath = joinPath(issue.path);
  const value = valueAt(input, issue.path);
  if (value === undefined) {
    return [
      {
        fieldPath,
        code: 'MISSING_FIELD',
        description: 'field is required but not found and has no default value',
      },
    ];
  }
  if (issue.code === 'invalid_value') {
    return [
      {
        fieldPath,
        code: 'INVALID_VALUE_FOR_FIELD',
        description: `${JSON.stringify(value)} is not an enum symbol`,
      },
    ];
  }
  if (issue.code === 'too_big' && typeof value === 'string') {
    return [{ fieldPath, code: 'FIELD_LENGTH_TOO_LONG', description: issue.message }];
  }
  return [{ fieldPath, code: 'INVALID_VALUE_FOR_FIELD', description: issue.message }];
}

/** Every problem zod found in `input`, in LinkedIn's `inputErrors` form. */
export function inputErrorsOf(input: unknown, error: z.ZodError): InputError[] {
  return error.issues.flatMap((issue) => toInputErrors(input, issue));
}
