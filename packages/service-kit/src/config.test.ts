import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, parseConfig } from './config.ts';

const KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

const schema = z.object({
  NATS_URL: env.natsUrl,
  REDIS_URL: env.redisUrl,
  LOG_LEVEL: env.logLevel,
  PORT: env.port(8081),
  TOKEN_ENCRYPTION_KEYS: env.tokenEncryptionKeys,
  LINKEDIN_VERSION: env.linkedinVersion,
  STREAM_REPLICAS: env.streamReplicas,
});

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the design defaults', () => {
    expect(parseConfig(schema, { TOKEN_ENCRYPTION_KEYS: KEYS })).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
      PORT: 8081,
      TOKEN_ENCRYPTION_KEYS: KEYS,
      LINKEDIN_VERSION: ['202609'],
      STREAM_REPLICAS: 1,
    });
  });

  it('coerces numbers from strings', () => {
    const config = parseConfig(schema, { TOKEN_ENCRYPTION_KEYS: KEYS, PORT: '9000', STREAM_REPLICAS: '3' });
    expect(config.PORT).toBe(9000);
    expect(config.STREAM_REPLICAS).toBe(3);
  });

  it('lists every bad variable in one error and never echoes their values', () => {
    const bad = {
      LOG_LEVEL: 'loud-SECRET1',
      PORT: '70000',
      LINKEDIN_VERSION: 'v-SECRET2',
      STREAM_REPLICAS: 'many-SECRET3',
      NATS_URL: 'nats://ok:4222',
    };
    const error = configErrorOf(() => parseConfig(schema, bad));

    expect(error.code).toBe('config_invalid');
    const named = error.problems.map((problem) => problem.split(':')[0]).sort();
    expect(named).toEqual([
      'LINKEDIN_VERSION',
      'LOG_LEVEL',
      'PORT',
      'STREAM_REPLICAS',
      'TOKEN_ENCRYPTION_KEYS',
    ]);
    for (const name of named) expect(error.message).toContain(`  - ${name}: `);
    expect(error.message).toMatch(/TOKEN_ENCRYPTION_KEYS: is required/);
    expect(error.message).toMatch(/LINKEDIN_VERSION: must be YYYYMM/);
    expect(
      parseConfig(schema, { TOKEN_ENCRYPTION_KEYS: KEYS, LINKEDIN_VERSION: ' 202609, 202606' }),
    ).toMatchObject({
      LINKEDIN_VERSION: ['202609', '202606'],
    });
    const everything = `${error.message}\n${error.problems.join('\n')}\n${String(error.stack)}`;
    expect(everything).not.toMatch(/SECRET|70000|loud/);
  });

  it('does not echo a secret that fails a length check', () => {
    const error = configErrorOf(() =>
      parseConfig(z.object({ LINKEDIN_CLIENT_SECRET: z.string().min(40) }), {
        LINKEDIN_CLIENT_SECRET: 'hunter2',
      }),
    );
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^LINKEDIN_CLIENT_SECRET: /);
    expect(error.message).not.toContain('hunter2');
  });

  it('names the environment for an error not tied to one variable', () => {
    const either = z
      .object({ A: z.string().optional(), B: z.string().optional() })
      .refine((e) => e.A !== undefined || e.B !== undefined, 'set A or B');
    const error = configErrorOf(() => parseConfig(either, {}));
    expect(error.problems).toEqual(['(environment): set A or B']);
  });
});
