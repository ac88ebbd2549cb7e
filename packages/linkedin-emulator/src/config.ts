import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EMULATOR_REDIRECT_URIS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((uri) => uri.trim())
        .filter((uri) => uri !== ''),
    )
    .pipe(z.array(z.url())),
});

export type EmulatorConfig = z.output<typeof Env>;

/** Parses the standalone emulator's environment once; one error lists every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv): EmulatorConfig {
  const result = Env.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid emulator configuration: ${problems.join('; ')}`);
}
