import { Histogram, type Registry } from '@li-bus/service-kit';

/**
 * `li_bus_member_quota_used`: a member's count of creates today (UTC), observed at each create. Operators watch
 * the high buckets (`le="140"`, `le="150"`) to see members nearing LinkedIn's 150 a day before the 429s start;
 * no member id is a label (unbounded cardinality), the per-member figure is in `GET /v1/connections/:id`.
 */
export function createQuotaMetrics(registry: Registry) {
  const used = new Histogram({
    name: 'li_bus_member_quota_used',
    help: "A member's creates today (UTC) after each create; LinkedIn allows 150 per member per day",
    buckets: [1, 10, 50, 100, 120, 140, 150],
    registers: [registry],
  });
  return { onCount: (count: number) => used.observe(count) };
}
