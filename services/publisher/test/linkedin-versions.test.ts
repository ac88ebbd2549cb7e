// Issue 20 acceptance: LINKEDIN_VERSION is a failover list shared by every publisher replica through NATS KV.
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS, linkedinVersionChanged } from '@li-bus/contracts';
import { requestPost } from '@li-bus/client';
import { createEmulatorAdmin, type EmulatorAdmin } from '@li-bus/linkedin-emulator';
import { serviceEnv, spawnService, type ServiceProcess } from '@li-bus/dev-stack';
import { startTestSystem, testStackOptions, type TestSystem } from '@li-bus/dev-stack/system';
import { connectMember } from '@li-bus/dev-stack/testing/connect';
import { freePort } from '@li-bus/testkit';

const VERSIONS = '202601,202609';
const SUNSET_202601 = Date.UTC(2027, 0, 15);

describe('LinkedIn-Version failover across three publisher replicas', () => {
  let system: TestSystem;
  let admin: EmulatorAdmin;
  let connectionId: string;
  const replicas: ServiceProcess[] = [];
  let sequence = 0;

  beforeAll(async () => {
    const env = { publisher: { PUBLISH_BACKOFF_MS: '50' } };
    system = await startTestSystem({ commonEnv: { LINKEDIN_VERSION: VERSIONS }, env });
    admin = createEmulatorAdmin(system.emulator.url);
    const options = {
      ...testStackOptions({
        natsUrl: system.nats.url,
        redisUrl: system.redis.url,
        emulator: system.emulator,
        publicOrigin: system.gatewayUrl,
        tokenEncryptionKeys: system.tokenEncryptionKeys,
      }),
      commonEnv: { LINKEDIN_VERSION: VERSIONS },
      env,
      logLevel: 'debug',
      // Each replica gets its own free port from spawnService's caller below; serviceEnv does not read these.
      ports: { 'auth-gateway': 0, 'token-keeper': 0, publisher: 0 },
    };
    for (let i = 0; i < 2; i += 1) {
      replicas.push(
        await spawnService({
          name: 'publisher',
          port: await freePort(),
          env: serviceEnv(options, 'publisher'),
        }),
      );
    }
    replicas.push(system.stack.services.publisher);
    connectionId = (await connectMember(system.gatewayUrl)).searchParams.get('connectionId') ?? '';
  });
  afterAll(async () => {
    for (const replica of replicas.slice(0, 2)) await replica.stop();
    await system?.close();
  });

  async function publish(count: number) {
    const texts = Array.from({ length: count }, () => `version failover post ${(sequence += 1)}`);
    return Promise.all(
      texts.map((text, i) =>
        requestPost(
          system.nc,
          { requestId: `versions-${sequence}-${i}`, connectionId, text },
          { wait: true, timeoutMs: 30_000 },
        ),
      ),
    );
  }

  const creates = async () =>
    (await admin.requests()).filter((entry) => entry.method === 'POST' && entry.path === '/rest/posts');

  async function metricSum(name: string, labels: string): Promise<number> {
    let sum = 0;
    for (const replica of replicas) {
      const text = await (await fetch(`${replica.metricsUrl}/metrics`)).text();
      for (const line of text.split('\n')) {
        if (line.startsWith(`${name}{`) && line.includes(labels)) sum += Number(line.split(' ').at(-1));
      }
    }
    return sum;
  }

  it('publishes with the first version while LinkedIn accepts it', async () => {
    const outcomes = await publish(3);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['published', 'published', 'published']);
    expect((await creates()).map((entry) => entry.headers['linkedin-version'])).toEqual([
      '202601',
      '202601',
      '202601',
    ]);
  });

  it('after 202601 sunsets: one 426 in all, no post fails, each post created once, the switch announced', async () => {
    const { now } = await admin.clock();
    await admin.advanceClock((SUNSET_202601 - now) / 1000 + 3600);

    const first = await publish(1);
    const rest = await publish(9);
    expect([...first, ...rest].map((outcome) => outcome.status)).toEqual(Array(10).fill('published'));

    const log = await creates();
    const refused = log.filter((entry) => entry.status === 426);
    expect(refused.map((entry) => entry.headers['linkedin-version'])).toEqual(['202601']);
    const afterRefusal = log.slice(log.indexOf(refused[0]!) + 1);
    expect(afterRefusal).toHaveLength(10);
    expect(afterRefusal.every((entry) => entry.headers['linkedin-version'] === '202609')).toBe(true);

    const posts = await admin.posts();
    const commentaries = posts.map((post) => post.commentary);
    expect(commentaries).toHaveLength(13);
    expect(new Set(commentaries).size).toBe(13);

    // The log: the replica that recorded the refusal says so, once.
    const lines = replicas.flatMap((replica) => replica.lines);
    const warned = lines.filter((line) => line.includes('LinkedIn refused LinkedIn-Version 202601'));
    expect(warned).toHaveLength(1);
    expect(JSON.parse(warned[0]!)).toMatchObject({ level: 40, from: '202601', to: '202609' });
    // The metric: one recorded switch across the replicas; every replica that called LinkedIn now sends 202609.
    expect(await metricSum('li_bus_linkedin_version_changes_total', 'from="202601",to="202609"')).toBe(1);
    expect(await metricSum('li_bus_linkedin_version_refusals_total', 'version="202601"')).toBe(1);
    expect(await metricSum('li_bus_linkedin_version_in_use', 'version="202601"')).toBe(0);
    // The event, on its own stream.
    const jsm = await jetstreamManager(system.nc);
    expect((await jsm.streams.info(STREAMS.linkedin.name)).state.messages).toBe(1);
    const message = await jsm.streams.getMessage(STREAMS.linkedin.name, {
      last_by_subj: SUBJECTS.linkedinVersionChanged,
    });
    expect(linkedinVersionChanged.parse(message?.json())).toMatchObject({
      from: '202601',
      to: '202609',
      service: 'publisher',
    });
    expect(message?.json<{ reason: string }>().reason).toContain('426 NONEXISTENT_VERSION');
  });

  it('with every configured version sunset: posts fail linkedin_version_unsupported and are not retried', async () => {
    await fetch(`${system.emulator.url}/_emulator/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        versions: [{ version: '202612', releasedAt: '2026-12-01', sunsetAt: '2027-12-15' }],
      }),
    });
    const before = (await creates()).length;

    const [first] = await publish(1);
    const [second] = await publish(1);
    for (const outcome of [first, second]) {
      expect(outcome?.status).toBe('failed');
      if (outcome?.status !== 'failed') continue;
      expect(outcome.event).toMatchObject({ code: 'linkedin_version_unsupported', attempts: 1 });
    }
    // One 426 for 202609 (the first post's); the second post knew from the shared state and called nobody.
    const after = (await creates()).slice(before);
    expect(after.map((entry) => [entry.status, entry.headers['linkedin-version']])).toEqual([
      [426, '202609'],
    ]);
    const lines = replicas.flatMap((replica) => replica.lines);
    expect(lines.some((line) => line.includes('no other configured version is left'))).toBe(true);
  });
});
