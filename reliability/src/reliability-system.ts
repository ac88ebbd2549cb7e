// The whole system (real NATS and Redis, the emulator, the three services as processes) set up for a scenario:
// quiet logs (a bounded tail kept for error reports), lifted LinkedIn quotas, short publisher retries.
import { connect } from '@nats-io/transport-node';
import type { ServiceName } from '@li-bus/dev-stack';
import { startTestSystem, type TestSystem } from '@li-bus/dev-stack/system';
import { raiseCreateQuotas } from './emulator-admin.ts';

/** Publisher retry settings short enough for a bounded run (the shipped defaults retry for about 50 minutes). */
export const SCENARIO_PUBLISHER_ENV = {
  PUBLISH_CONCURRENCY: '32',
  PUBLISH_ACK_WAIT_MS: '3000',
  HTTP_TIMEOUT_MS: '3000',
  PUBLISH_BACKOFF_MS: '200,500,1000,2000',
  PUBLISH_MAX_ATTEMPTS: '10',
} as const;

/**
 * The longest a request may take from `post.requested` to its terminal event with these settings: every attempt
 * times out and waits its longest backoff (+20% jitter), and each interruption (a killed or restarted process,
 * a restarted server) costs one ack wait plus `interruptionMs` of downtime.
 */
export function retryWindowMs(
  env: Record<string, string>,
  interruptions: number,
  interruptionMs = 20_000,
): number {
  const attempts = Number(env['PUBLISH_MAX_ATTEMPTS'] ?? 8);
  const timeout = Number(env['HTTP_TIMEOUT_MS'] ?? 15_000);
  const ackWait = Number(env['PUBLISH_ACK_WAIT_MS'] ?? 30_000);
  const steps = (env['PUBLISH_BACKOFF_MS'] ?? '2000').split(',').map(Number);
  let total = 0;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    total += timeout + 1.2 * (steps[Math.min(attempt, steps.length) - 1] ?? 0);
  }
  return Math.round(total + interruptions * (ackWait + interruptionMs));
}

export interface ReliabilitySystem extends TestSystem {
  /** The last lines the services logged (warn and above), for error messages. */
  logTail(lines?: number): string;
}

export interface ReliabilitySystemOptions {
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Use this Redis instead of the one the test system starts (e.g. an append-only one the scenario kills). */
  redisUrl?: string;
  /**
   * Use this NATS instead of the test system's (e.g. one the scenario kills); `nc` is then a client of it that
   * never gives up reconnecting.
   */
  natsUrl?: string;
}

const TAIL = 500;

export async function startReliabilitySystem(
  options: ReliabilitySystemOptions = {},
): Promise<ReliabilitySystem> {
  const tail: string[] = [];
  const system = await startTestSystem({
    logLevel: 'warn',
    onLine: (name, line) => {
      tail.push(`[${name}] ${line}`);
      if (tail.length > TAIL) tail.shift();
    },
    env: {
      ...options.env,
      publisher: { ...SCENARIO_PUBLISHER_ENV, ...options.env?.publisher },
      'auth-gateway': { RATE_LIMIT_PER_MINUTE: '1000000', ...options.env?.['auth-gateway'] },
    },
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.natsUrl ? { natsUrl: options.natsUrl } : {}),
  });
  try {
    await raiseCreateQuotas(system.emulator.url);
    const nc = options.natsUrl
      ? await connect({ servers: options.natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 250 })
      : system.nc;
    return {
      ...system,
      nc,
      async close() {
        if (nc !== system.nc) await nc.close();
        await system.close();
      },
      logTail: (lines = 40) => tail.slice(-lines).join('\n'),
    };
  } catch (error) {
    await system.close();
    throw error;
  }
}
