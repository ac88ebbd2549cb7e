import { Gauge, type Registry } from '@li-bus/service-kit';
import type { ScheduleCapacity } from './schedules/schedule-capacity.ts';

/**
 * `li_bus_schedule_store_usage_ratio`: `PUBLISHER_SCHEDULES` bytes over its `max_bytes`, read at scrape time.
 * From 0.95 new waiting requests are refused (`post.failed` `invalid_request`); at 1 the server would drop the
 * oldest waiting posts, so operators alert well before (docs/operations.md).
 */
export function registerScheduleMetrics(registry: Registry, capacity: ScheduleCapacity): void {
  const usage = new Gauge({
    name: 'li_bus_schedule_store_usage_ratio',
    help: 'PUBLISHER_SCHEDULES bytes / max_bytes; new waiting requests are refused from 0.95',
    registers: [registry],
    collect: async () => {
      // Unreadable (NATS down): no value rather than a stale one; nats_consumer_info_up says why.
      usage.reset();
      const ratio = await capacity.usage().catch(() => undefined);
      if (ratio !== undefined) usage.set(ratio);
    },
  });
}
