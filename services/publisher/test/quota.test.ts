import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QUOTA_BUCKET, quotaKey, utcDay } from '@li-bus/contracts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

describe('publisher: creates counted per member and UTC day (issue 19 item 6)', () => {
  it('counts each post once (a lost answer included), per member, with a TTL to the reset', async () => {
    const h = harness();
    await h.startPublisher();
    const tokens = await h.connect('conn_quota');
    // The first create lands but its answer is lost: LinkedIn counted it; the retry's DUPLICATE_POST finds it.
    await h.addFault({ method: 'POST', pathPrefix: '/rest/posts', times: 1, dropResponseAfterCommit: true });
    for (const id of ['q-1', 'q-2', 'q-3']) {
      await h.requestPost({ requestId: id, connectionId: 'conn_quota', text: `Quota ${id}` });
      await h.outcomeOf(id);
    }
    expect(await h.posts()).toHaveLength(3);
    expect((await h.postRequests()).length).toBe(4);
    const quota = await h.quota();
    expect(await quota.used(tokens.member.sub, Date.now())).toBe(3);
    expect(await quota.used('someone-else', Date.now())).toBe(0);

    // The entry carries its own TTL (to the next 00:00 UTC plus a margin), so yesterday's counts disappear.
    const jsm = await jetstreamManager(h.nc);
    const subject = `$KV.${QUOTA_BUCKET}.${quotaKey(tokens.member.sub, utcDay(Date.now()))}`;
    const message = await jsm.streams.getMessage(`KV_${QUOTA_BUCKET}`, { last_by_subj: subject });
    const ttl = Number.parseInt(message?.header.get('Nats-TTL') ?? '', 10);
    expect(ttl).toBeGreaterThan(3600);
    expect(ttl).toBeLessThanOrEqual(25 * 3600);
    const info = await jsm.streams.info(`KV_${QUOTA_BUCKET}`);
    expect(info.config.allow_msg_ttl).toBe(true);
    expect(info.config.max_bytes).toBeGreaterThan(0);
  });
});
