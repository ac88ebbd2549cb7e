import { z } from 'zod';
import { ORGANIZATION_ROLES } from './directory.ts';
import { plainError } from './linkedin-errors.ts';

const absoluteUrl = z
  .string()
  .refine((value) => URL.canParse(value) && !value.includes('#'), 'must be an absolute URL without #');

export const ClockBody = z.strictObject({ advanceSeconds: z.number().finite() });

export const MembersBody = z.strictObject({
  members: z
    .array(
      z.strictObject({
        sub: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional(),
        name: z.string().trim().min(1),
        email: z.email().optional(),
        organizations: z
          .array(
            z.strictObject({
              id: z
                .string()
                .regex(/^[1-9]\d{0,18}$/)
                .optional(),
              name: z.string().min(1),
              role: z.enum(ORGANIZATION_ROLES).default('ADMINISTRATOR'),
            }),
          )
          .optional(),
      }),
    )
    .min(1),
});

export const AppBody = z.strictObject({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  redirectUris: z.array(absoluteUrl).optional(),
  /** Convenience: appended to the registered redirect URIs. */
  addRedirectUris: z.array(absoluteUrl).optional(),
  allowedScopes: z.array(z.string().min(1)).optional(),
  refreshTokens: z.boolean().optional(),
  memberDailyCreateLimit: z.number().int().min(0).optional(),
  appDailyCreateLimit: z.number().int().min(0).optional(),
  mediaProcessingSeconds: z.number().min(0).optional(),
  uploadUrlTtlSeconds: z.number().min(0).optional(),
  videoUploadUrlTtlSeconds: z.number().min(0).optional(),
  transientRevokedSeconds: z.number().min(0).optional(),
});

export const MediaFailBody = z.strictObject({
  urn: z.string().regex(/^urn:li:(image|video|document):[A-Za-z0-9_-]+$/),
  reason: z.string().min(1).default('Emulator injected processing failure'),
});

export const FaultBody = z.strictObject({
  method: z.string().regex(/^(\*|[A-Za-z]+)$/),
  pathPrefix: z.string().startsWith('/'),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  times: z.number().int().min(1).default(1),
  dropResponseAfterCommit: z.boolean().optional(),
});

/** Parses an admin body; one 400 lists every problem. */
export function parseAdminBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw plainError(400, `Invalid admin request: ${problems.join('; ')}`);
  }
  return result.data;
}
