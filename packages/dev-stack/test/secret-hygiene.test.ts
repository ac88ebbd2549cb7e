import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS, type TokenIssued } from '@li-bus/contracts';
import { createEventPublisher, requestTokens } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { allRedisContents, allStreamContents, findSecrets } from './secret-scan.ts';
import { API_KEY, startTestSystem, type TestSystem } from './system.ts';

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
    expect(findSecrets(haystack, secrets)).toEqual([]);
  });
});
