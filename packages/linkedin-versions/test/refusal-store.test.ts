// The shared refusal state on a real NATS server: compare-and-set makes exactly one replica the recorder.
import { connect } from '@nats-io/transport-node';
import { describe, expect, onTestFinished } from 'vitest';
import { test } from '@li-bus/testkit/fixtures';
import { createKvRefusalStore, FORGET_REFUSALS_AFTER_MS } from '../src/index.ts';

describe('KV refusal store', () => {
  test('many replicas recording the same refusal at once: exactly one wins, all see it', async ({
    nats,
    nc,
  }) => {
    const connections = await Promise.all(Array.from({ length: 6 }, () => connect({ servers: nats.url })));
    onTestFinished(() => Promise.all(connections.map((c) => c.close())).then(() => undefined));
    const replicas = await Promise.all(connections.map((c) => createKvRefusalStore(c)));
    const now = Date.now();
    const wins = await Promise.all(
      replicas.map((store) => store.record('202601', { refusedAt: now, reason: '426 NONEXISTENT_VERSION' })),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const fromAnother = await createKvRefusalStore(nc);
    expect([...(await fromAnother.refused(now)).keys()]).toEqual(['202601']);
  });

  test('a second version keeps the first; a refusal is forgotten after a week', async ({ nc }) => {
    const store = await createKvRefusalStore(nc);
    const now = Date.now();
    await store.record('202601', { refusedAt: now, reason: 'a' });
    expect(await store.record('202609', { refusedAt: now, reason: 'b' })).toBe(true);
    expect([...(await store.refused(now)).keys()].sort()).toEqual(['202601', '202609']);
    expect((await store.refused(now + FORGET_REFUSALS_AFTER_MS)).size).toBe(0);
  });
});
