import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS, type TokenIssued } from '@li-bus/contracts';
import { createEventPublisher, requestTokens } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, startTestSystem, type TestSystem } from './system.ts';

/** Every message body and header in every stream (POSTS, TOKENS and the KV buckets). */
async function allStreamContents(nc: NatsConnection): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const out: string[] = [];
  for await (const stream of jsm.streams.list()) {
    for (let seq = stream.state.first_seq; seq <= stream.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream.config.name, { seq }).catch(() => null);
      if (message)
        out.push(
          `${stream.config.name} ${message.subject} ${JSON.stringify(message.header)} ${message.string()}`,
        );
    }
  }
  return out;
}

/** Every key and value in Redis, whatever its type. */
async function allRedisContents(url: string): Promise<string[]> {
  const redis = new Redis(url);
  const out: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    const value =
      type === 'hash'
        ? await redis.hgetall(key)
        : type === 'zset'
          ? await redis.zrange(key, '0', '-1', 'WITHSCORES')
          : type === 'set'
            ? await redis.smembers(key)
            : type === 'string'
              ? await redis.get(key)
              : type;
    out.push(`${key} ${JSON.stringify(value)}`);
  }
  await redis.quit();
  return out;
}

describe('no secret in plaintext anywhere after a connect and a post', () => {
  let system: TestSystem;
  let nc: NatsConnection;
  const answers: string[] = [];
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    nc = await connect({ servers: system.nats.url });
    const issued: TokenIssued[] = [];
    nc.subscribe(SUBJECTS.tokenIssued, { callback: (_e, msg) => void issued.push(msg.json<TokenIssued>()) });
    const landed = await connectMember(system.gatewayUrl, {
      onGatewayResponse: (answer) => answers.push(answer),
      onCode: (code) => (secrets['authorization code'] = code),
    });
    const connectionId = landed.searchParams.get('connectionId') ?? '';
    await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
    const event = await waitFor(() => issued[0]);
    const keyring = createKeyring(system.tokenEncryptionKeys);
    secrets['access token'] = keyring.open(event.accessToken, connectionId);
    if (event.refreshToken) secrets['refresh token'] = keyring.open(event.refreshToken, connectionId);
    secrets['client secret'] = system.emulator.app.clientSecret;
    secrets['API key'] = API_KEY;

    const outcomes: string[] = [];
    nc.subscribe(SUBJECTS.postPublished, { callback: (_e, msg) => void outcomes.push(msg.string()) });
    await createEventPublisher(nc).publish(SUBJECTS.postRequested, {
      requestId: 'hygiene-1',
      connectionId,
      text: 'x',
    });
    await waitFor(() => outcomes.length > 0, { timeoutMs: 15_000 });

    const auth = { authorization: `Bearer ${API_KEY}` };
    const urls: [string, Record<string, string>][] = [
      [`${system.gatewayUrl}/v1/connections/${connectionId}`, auth],
      [`${system.gatewayUrl}/v1/connections?tenantId=tenant-a`, auth],
      [`${system.gatewayUrl}/v1/posts/hygiene-1`, auth],
      [`${system.gatewayUrl}/connect`, {}],
      ...Object.values(system.stack.services).map((service): [string, Record<string, string>] => [
        `${service.url}/metrics`,
        {},
      ]),
    ];
    for (const [url, headers] of urls) {
      const response = await fetch(url, { headers });
      answers.push(
        `${url} ${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`,
      );
    }
  });
  afterAll(async () => {
    await nc?.close();
    await system?.close();
  });

  it('knows the secrets it looks for', () => {
    expect(Object.keys(secrets).sort()).toEqual(
      ['API key', 'access token', 'authorization code', 'client secret', 'refresh token'].sort(),
    );
    for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(16);
  });

  it.each([
    ['log lines', async () => system.logs],
    ['stream messages and KV entries', async () => allStreamContents(nc)],
    ['Redis keys and values', async () => allRedisContents(system.redis.url)],
    ['HTTP answers', async () => answers],
  ] as const)('finds none in %s', async (_where, read) => {
    const haystack = await read();
    expect(haystack.length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(secrets)) {
      const hits = haystack.filter((entry) => entry.includes(value));
      expect(
        hits.map((hit) => hit.slice(0, 200)),
        `${name} found`,
      ).toEqual([]);
    }
  });
});
