import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gatewayConsumers } from '../src/nats-resources.ts';
import { startWorkers } from '../src/workers.ts';
import { useGatewayHarness } from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const byName = (a: { durable: string }, b: { durable: string }) => a.durable.localeCompare(b.durable);

describe('the gateway declares its NATS consumers once', () => {
  it('reports the backlog of exactly the durables its workers run', async () => {
    const h = harness();
    const prefix = `res-${Math.random().toString(36).slice(2, 8)}`;
    const declared = gatewayConsumers(prefix).all;
    const workers = await startWorkers(h.nc, h.deps, { durablePrefix: prefix });
    try {
      const jsm = await jetstreamManager(h.nc);
      const running: { stream: string; durable: string }[] = [];
      for await (const stream of jsm.streams.names()) {
        for await (const consumer of jsm.consumers.list(stream)) {
          if (consumer.name.startsWith(`${prefix}-`)) running.push({ stream, durable: consumer.name });
        }
      }
      expect(running.sort(byName)).toEqual([...declared].sort(byName));
    } finally {
      await workers.stop();
    }
  });
});
