import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS, type TokenIssued } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { requestTokens } from '@li-bus/token-keeper-client';
import { createKeyring } from '@li-bus/sealing';
import { startOtlpReceiver, waitFor, type OtlpReceiver } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { runOAuthClientFlow } from './oauth-client-flow.ts';
import {
  allRedisContents,
  allStreamContents,
  findSecrets,
  oneTimeUrlValues,
  spanContents,
} from './secret-scan.ts';
import { API_KEY, startTestSystem, type TestSystem } from './system.ts';

describe('no secret in plaintext anywhere after a connect and a post', () => {
  let system: TestSystem;
  let nc: NatsConnection;
  let receiver: OtlpReceiver;
  const answers: string[] = [];
  const secrets: Record<string, string> = {};
  /** Values that travel in URLs by design (connect session, OAuth states and codes): never in spans or logs. */
  const oneTime: Record<string, string> = {};

  beforeAll(async () => {
    // Every span the three services export (OTLP/HTTP JSON) lands in this receiver, to be scanned too.
    receiver = await startOtlpReceiver();
    system = await startTestSystem({
      commonEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      env: { 'auth-gateway': { OAUTH_REGISTRATION: 'open', OAUTH_TENANT: 'tenant-a' } },
    });
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
    Object.assign(oneTime, oneTimeUrlValues(answers));
    // A third-party app's OAuth flow through the gateway's authorization server.
    const oauth = await runOAuthClientFlow(system.gatewayUrl);
    Object.assign(oneTime, {
      'OAuth state': oauth.state,
      'OAuth authorization code': oauth.code,
      'OAuth code verifier': oauth.codeVerifier,
      'OAuth access token': oauth.accessToken,
      'OAuth refresh token': oauth.refreshToken,
    });

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
        `${service.metricsUrl}/metrics`,
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
    await receiver?.close();
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

  it('finds none, nor the one-time values of the connect and OAuth flows, in exported spans', async () => {
    expect(Object.keys(oneTime)).toEqual(
      expect.arrayContaining([
        'connect session 1',
        'connect state 1',
        'OAuth state',
        'OAuth authorization code',
      ]),
    );
    // The spans of both flows' URLs and of every service have been exported.
    const exported = (path: string) =>
      receiver.spans.some((span) => span.service === 'auth-gateway' && span.attributes['url.path'] === path);
    await waitFor(
      () =>
        exported('/oauth/linkedin/callback') &&
        exported('/oauth/linkedin/start') &&
        exported('/oauth/authorize') &&
        ['token-keeper', 'publisher'].every((name) => receiver.spans.some((span) => span.service === name)),
      { timeoutMs: 15_000, message: 'the flows’ spans were not exported' },
    );
    const spans = spanContents(receiver.spans);
    expect(findSecrets(spans, { ...secrets, ...oneTime })).toEqual([]);
  });

  it('finds none of the one-time values in log lines', () => {
    expect(findSecrets(system.logs, oneTime)).toEqual([]);
  });
});
