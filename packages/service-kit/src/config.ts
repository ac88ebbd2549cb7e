import { z } from 'zod';
import { parseKeys } from '@li-bus/sealing';
import { DEFAULT_LINKEDIN_VERSIONS, parseVersionList } from '@li-bus/linkedin-versions';

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment once; one error lists every bad variable (never their values). */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
  );
}

/** Shared env fragments (design names and defaults). */
export const env = {
  natsUrl: z.string().default('nats://127.0.0.1:4222'),
  redisUrl: z.string().default('redis://127.0.0.1:6379'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  /** `TOKEN_ENCRYPTION_KEYS`: checked here so a bad key is listed with every other bad variable. */
  tokenEncryptionKeys: z
    .string({ error: 'is required (keyId:base64key,…)' })
    .min(1)
    .superRefine((value, ctx) => {
      try {
        parseKeys(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /**
   * `LINKEDIN_VERSION`: the Rest.li versions a `/rest` call may send, in order of preference (comma-separated);
   * the first one LinkedIn does not refuse is used (`@li-bus/linkedin-versions`).
   */
  linkedinVersion: z
    .string()
    .default(DEFAULT_LINKEDIN_VERSIONS.join(','))
    .transform((value, ctx) => {
      try {
        return parseVersionList(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  streamReplicas: z.coerce.number().int().min(1).max(5).default(1),
};
