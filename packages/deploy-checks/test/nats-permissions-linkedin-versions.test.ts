// deploy/nats/auth.conf and LINKEDIN_VERSION failover: the shared refusal state (KV `linkedin_versions`) and the
// `linkedin.version.changed` event (stream LINKEDIN), on a real nats-server with the committed permissions.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, STREAMS, SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher, DEFAULT_STREAM_OPTIONS, ensureStreams, parseNatsUrl } from '@li-bus/messaging';
import { createKvRefusalStore } from '@li-bus/publisher/nats-resources';
import { startLocalNats, type LocalNats } from '../src/local-nats.ts';

let nats: LocalNats;
const open: NatsConnection[] = [];

async function connectAs(user: string): Promise<NatsConnection> {
  const nc = await connect({ ...parseNatsUrl(nats.urlFor(user)), name: `deploy-checks-${user}` });
  open.push(nc);
  return nc;
}

beforeAll(async () => {
  nats = await startLocalNats();
});
afterAll(async () => {
  await Promise.allSettled(open.map((nc) => nc.close()));
  await nats?.close();
});

describe('NATS permissions for LINKEDIN_VERSION failover', () => {
  it('lets every service create the LINKEDIN stream, and the publisher and gateway share the refusal state', async () => {
    const keeper = await connectAs('token-keeper');
    const gateway = await connectAs('auth-gateway');
    const publisher = await connectAs('publisher');
    for (const nc of [keeper, gateway, publisher]) await ensureStreams(nc, DEFAULT_STREAM_OPTIONS);

    const fromPublisher = await createKvRefusalStore(publisher);
    const fromGateway = await createKvRefusalStore(gateway);
    const refusal = { refusedAt: Date.now(), reason: '426 NONEXISTENT_VERSION' };
    expect(await fromPublisher.record('202601', refusal)).toBe(true);
    expect(await fromGateway.record('202601', refusal)).toBe(false);
    expect([...(await fromGateway.refused(Date.now())).keys()]).toEqual(['202601']);

    const example = EXAMPLES[SUBJECTS.linkedinVersionChanged];
    await createEventPublisher(publisher).publish(SUBJECTS.linkedinVersionChanged, example);
    await createEventPublisher(gateway).publish(SUBJECTS.linkedinVersionChanged, {
      ...example,
      eventId: `${example.eventId}-gateway`,
    });
    const admin = await connectAs('admin');
    const info = await (await jetstreamManager(admin)).streams.info(STREAMS.linkedin.name);
    expect(info.state.messages).toBe(2);
  });

  it('refuses token-keeper and the client the event and the refusal state', async () => {
    for (const user of ['token-keeper', 'client']) {
      const nc = await connectAs(user);
      const example = EXAMPLES[SUBJECTS.linkedinVersionChanged];
      await expect(
        createEventPublisher(nc, { timeoutMs: 1000 }).publish(SUBJECTS.linkedinVersionChanged, {
          ...example,
          eventId: `${example.eventId}-${user}`,
        }),
      ).rejects.toThrow();
      await expect(createKvRefusalStore(nc)).rejects.toThrow();
    }
  });
});
