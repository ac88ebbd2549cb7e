import type { Logger } from 'pino';
import { Gauge, type Registry } from '@li-bus/service-kit';
import type { SchedulePolicy } from './schedule-policy.ts';
import { viewOf } from './token-keeper-handlers.ts';
import type { TokenStore } from './token-store.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * `token_keeper_connections{status}` and `token_keeper_access_tokens_expiring_7d`, counted by a periodic SCAN of
 * every record (one pass per `intervalMs`, default 5 minutes, in pages of 1,000). The scheduler never needs this:
 * it is for dashboards, so it may lag by one interval. Every replica counts; aggregate with `max`.
 */
export function startConnectionCensus(deps: {
  store: TokenStore;
  policy: SchedulePolicy;
  registry: Registry;
  logger: Logger;
  now: () => number;
  intervalMs: number;
}): { stop(): Promise<void> } {
  const byStatus = new Gauge({
    name: 'token_keeper_connections',
    help: 'Stored connections by status (counted every census interval)',
    labelNames: ['status'],
    registers: [deps.registry],
  });
  const expiringSoon = new Gauge({
    name: 'token_keeper_access_tokens_expiring_7d',
    help: 'Usable access tokens that expire within 7 days (counted every census interval)',
    registers: [deps.registry],
  });
  let running: Promise<void> | undefined;
  let stopped = false;

  async function count(): Promise<void> {
    const counts = new Map<string, number>();
    let expiring = 0;
    let cursor = '0';
    do {
      const page = await deps.store.scan(cursor, 1000);
      const now = deps.now();
      for (const record of page.records) {
        const view = viewOf(record, now, deps.policy);
        counts.set(view.status, (counts.get(view.status) ?? 0) + 1);
        const left = Date.parse(record.accessTokenExpiresAt) - now;
        if ((view.status === 'active' || view.status === 'expiring') && left > 0 && left <= WEEK_MS)
          expiring++;
      }
      cursor = page.cursor;
    } while (cursor !== '0' && !stopped);
    byStatus.reset();
    for (const [status, value] of counts) byStatus.set({ status }, value);
    expiringSoon.set(expiring);
  }

  const tick = () => {
    running = count().catch((error: unknown) => deps.logger.warn({ err: error }, 'connection census failed'));
  };
  tick();
  const timer = setInterval(tick, deps.intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
