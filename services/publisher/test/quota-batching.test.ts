import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect } from 'vitest';
import { QUOTA_BUCKET } from '@li-bus/contracts';
import { test } from '@li-bus/testkit/fixtures';
import { createKvQuotaCounter } from '../src/quota-counter.ts';

describe('quota counter: concurrent creates of one member', () => {
  test('are all counted, in fewer writes than creates, across two publishers', async ({ nc }) => {
    const now = Date.now();
    const [one, two] = [await createKvQuotaCounter(nc), await createKvQuotaCounter(nc)];
    const jsm = await jetstreamManager(nc);
    const writes = async () => (await jsm.streams.info(`KV_${QUOTA_BUCKET}`)).state.last_seq;
    const before = await writes();
    const member = `member-${now}`;
    const counted = await Promise.all(
      Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? one : two).count(member, now)),
    );
    expect(await one.used(member, now)).toBe(64);
    expect(Math.max(...counted)).toBe(64);
    // Each publisher writes the creates that arrived while its previous write was in flight together.
    expect((await writes()) - before).toBeLessThan(16);
  });
});
