import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { createMetricsRegistry } from '@li-bus/service-kit';
import { waitFor } from '@li-bus/testkit';
import { SCHEDULES_STREAM, scheduleSubjectOf } from '../src/schedules/schedule-subjects.ts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const notBefore = new Date(Date.now() + 3600_000).toISOString();
const idOf = (i: number) => `full-${String(i).padStart(2, '0')}`;

describe('publisher: a nearly full PUBLISHER_SCHEDULES refuses new waiting requests', () => {
  it('refuses the request that would make the server drop the oldest waiting post; the gauge shows it', async () => {
    const h = harness();
    const registry = createMetricsRegistry('publisher');
    await h.startPublisher({ registry });
    await h.connect('conn_full');
    const jsm = await jetstreamManager(h.nc);
    const send = (i: number) =>
      h.requestPost({
        requestId: idOf(i),
        connectionId: 'conn_full',
        text: 'Waiting '.repeat(40),
        notBefore,
      });
    const held = async (count: number) =>
      waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === count);

    // Ten waiting posts of one size, in a stream sized for ten and a half: 95% full, an eleventh would not fit.
    await send(0);
    await held(1);
    const size = (await jsm.streams.info(SCHEDULES_STREAM)).state.bytes;
    const { config } = await jsm.streams.info(SCHEDULES_STREAM);
    await jsm.streams.update(SCHEDULES_STREAM, { ...config, max_bytes: Math.floor(size * 10.5) });
    for (let i = 1; i < 10; i++) await send(i);
    await held(10);
    await sleep(1100); // past the cached figure

    await send(10);
    const [refused] = await h.outcomeOf(idOf(10));
    expect(refused?.subject).toBe(SUBJECTS.postFailed);
    expect(refused?.body).toMatchObject({ code: 'invalid_request' });
    expect(refused?.body).toHaveProperty('message', expect.stringContaining('schedule store is full'));
    // Nothing waiting was dropped, and nothing else ended.
    const info = await jsm.streams.info(SCHEDULES_STREAM);
    expect(info.state.messages).toBe(10);
    const oldest = await jsm.streams.getMessage(SCHEDULES_STREAM, {
      last_by_subj: scheduleSubjectOf(idOf(0)),
    });
    expect(oldest?.json<{ requestId: string }>().requestId).toBe(idOf(0));
    expect(h.outcomes.map((o) => o.body.requestId)).toEqual([idOf(10)]);

    const metrics = await registry.metrics();
    const ratio = Number(/^li_bus_schedule_store_usage_ratio(?:{[^}]*})? (\S+)$/m.exec(metrics)?.[1]);
    console.log(`PUBLISHER_SCHEDULES: ${info.state.bytes} of ${info.config.max_bytes} bytes, gauge ${ratio}`);
    expect(ratio).toBeGreaterThanOrEqual(0.95);
    expect(ratio).toBeLessThan(1);
  }, 60_000);
});
