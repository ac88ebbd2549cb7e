import { createHash } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  REQUEST_SCHEMAS,
  STREAMS,
  SUBJECTS,
  type ConnectionView,
  type RequestSubject,
} from '@li-bus/contracts';
import {
  connectNats,
  createEventPublisher,
  parseNatsUrl,
  DEFAULT_STREAM_OPTIONS,
  ensureStreams,
  runConsumer,
  type RunningConsumer,
} from '@li-bus/messaging';
import {
  requestTokenKeeper,
  serveTokenKeeper,
  TokensGetError,
  type TokenKeeperHandlers,
} from '@li-bus/token-keeper-client';
import { createKvConnectSessionStore } from '@li-bus/auth-gateway/nats/connect-sessions';
import { startPostStatusConsumers } from '@li-bus/auth-gateway/nats/post-status-consumers';
import { createKvPostStatusStore } from '@li-bus/auth-gateway/nats/post-status-store';
import { createKvQuotaReader } from '@li-bus/auth-gateway/nats/quota-reader';
import { createOAuthServer } from '@li-bus/auth-gateway/nats/oauth-server';
import { REFRESH_DURABLE } from '@li-bus/auth-gateway/nats/refresh-consumer';
import { createKvRefreshGuard } from '@li-bus/auth-gateway/nats/refresh-guard';
import {
  CANCEL_DURABLE,
  createKvLedger,
  createKvMemberThrottle,
  createKvQuotaCounter,
  createObjectSource,
  createScheduler,
  createWaitingCount,
  DUE_DURABLE,
  DUE_SUBJECT,
  ensureScheduleStreams,
  PUBLISHER_DURABLE,
  SCHEDULES_STREAM,
} from '@li-bus/publisher/nats-resources';
import { durableOf } from '@li-bus/token-keeper/nats-resources';
import { startLocalNats, type LocalNats } from '../src/local-nats.ts';
import { createKvWebhookStore } from '@li-bus/auth-gateway/nats/webhook-store';
import { startWebhookWorkers, webhookConsumers } from '@li-bus/auth-gateway/nats/start-webhooks';

const logger = pino({ level: 'silent' });
const KEEPER_SUBJECTS = [
  SUBJECTS.tokenIssued,
  SUBJECTS.tokenRefreshed,
  SUBJECTS.tokenRevoked,
  SUBJECTS.tokenRefreshFailed,
];

let nats: LocalNats;
const open: NatsConnection[] = [];
const consumers: RunningConsumer[] = [];

/** Connects with the user's credentials from its NATS_URL (`nats://user:password@host:port`). */
async function connectAs(user: string): Promise<NatsConnection> {
  const nc = await connect({
    ...parseNatsUrl(nats.urlFor(user)),
    name: `deploy-checks-${user}`,
  });
  open.push(nc);
  return nc;
}

/** Resolves with the first message a consumer hands over (any body), then stops that consumer. */
function consumeOne(nc: NatsConnection, stream: string, durable: string, subject: string) {
  return new Promise<string>((resolve, reject) => {
    runConsumer({
      nc,
      stream,
      durable,
      subject,
      schema: z.unknown(),
      logger,
      handle: async (_body, ctx) => resolve(ctx.subject),
    }).then((running) => consumers.push(running), reject);
  });
}

const publishRaw = (nc: NatsConnection, subject: string, id: string) =>
  jetstream(nc, { timeout: 2000 }).publish(subject, JSON.stringify({ id }), { msgID: id });

beforeAll(async () => {
  nats = await startLocalNats();
});

afterAll(async () => {
  await Promise.allSettled(consumers.map((consumer) => consumer.stop()));
  await Promise.allSettled(open.map((nc) => nc.close()));
  await nats?.close();
});

describe('NATS permissions: deploy/nats/auth.conf on a real nats-server', () => {
  it('lets each service run its real setup: streams, KV buckets, consumers, the tokens service', async () => {
    const keeper = await connectAs('token-keeper');
    const gateway = await connectAs('auth-gateway');
    const publisher = await connectAs('publisher');
    const client = await connectAs('client');
    for (const nc of [keeper, gateway, publisher]) await ensureStreams(nc, DEFAULT_STREAM_OPTIONS);

    // token-keeper: answers every tokens.* request subject and consumes its token.* events.
    const handlers = Object.fromEntries(
      (Object.keys(REQUEST_SCHEMAS) as RequestSubject[]).map((subject) => [
        subject,
        async () => {
          throw new Error(`stub ${subject}`);
        },
      ]),
    ) as unknown as TokenKeeperHandlers;
    const service = await serveTokenKeeper(keeper, { version: '0.0.0', logger, handlers });
    const received = KEEPER_SUBJECTS.map((subject) =>
      consumeOne(keeper, STREAMS.tokens.name, durableOf(subject), subject),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    // auth-gateway: its KV buckets, its consumers (refresh executor, post status view), its token events and
    // its requests to token-keeper.
    const sessions = await createKvConnectSessionStore(gateway);
    const pending = await sessions.createPending({
      tenantId: 't',
      returnTo: 'https://x.test',
      kind: 'member',
    } as never);
    expect(await sessions.takePending(pending.id)).not.toBeNull();
    const guard = await createKvRefreshGuard(gateway);
    const lock = await guard.acquire('c1');
    expect(lock).not.toBeNull();
    await guard.release('c1', lock ?? 0);
    await guard.markRefreshed('c1', { from: 'a', to: 'b' });
    expect(await guard.lastRefreshed('c1')).toEqual({ from: 'a', to: 'b' });
    // The OAuth authorization server's buckets: a code issued, redeemed with PKCE, the token verified.
    const oauth = await createOAuthServer(
      gateway,
      {
        authCodeTtlSeconds: 60,
        accessTokenTtlSeconds: 60,
        refreshTokenTtlSeconds: 600,
        clientRegistrationTtlSeconds: 600,
        unusedClientTtlSeconds: 60,
        clientsMaxBytes: 1024 * 1024,
        grantsMaxBytes: 1024 * 1024,
        registration: 'open',
        tenantId: 't',
      },
      Date.now,
    );
    const oauthClient = {
      clientId: 'lbc_perm',
      redirectUris: ['https://x.test/cb'],
      tokenEndpointAuthMethod: 'none' as const,
      scope: ['posts:write'],
      tenantId: 't',
      issuedAt: Date.now(),
      expiresAt: Date.now() + 600_000,
    };
    await oauth.store.clients.create(oauthClient);
    expect(await oauth.store.clients.get('lbc_perm')).toMatchObject({ tenantId: 't' });
    const verifier = 'v'.repeat(43);
    const code = await oauth.grants.issueCode({
      clientId: oauthClient.clientId,
      connectionId: 'c1',
      tenantId: 't',
      scope: ['posts:write'],
      redirectUri: 'https://x.test/cb',
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    });
    const issued = await oauth.grants.redeemCode({
      client: oauthClient,
      code,
      redirectUri: undefined,
      codeVerifier: verifier,
    });
    expect(await oauth.grants.verifyAccessToken(issued.access_token)).toMatchObject({ connectionId: 'c1' });
    const postStatus = await createKvPostStatusStore(gateway);
    // `GET /v1/posts/:requestId` lists the caller's index keys (a KV key listing is a consumer on the bucket).
    expect(await postStatus.findByCallerId('no-such-request')).toEqual([]);
    consumers.push(
      ...(await startPostStatusConsumers({
        nc: gateway,
        store: postStatus,
        logger,
      })),
    );
    const refreshDue = consumeOne(gateway, STREAMS.tokens.name, REFRESH_DURABLE, SUBJECTS.tokenRefreshDue);
    for (const subject of KEEPER_SUBJECTS) await publishRaw(gateway, subject, `gw-${subject}`);
    expect(await Promise.all(received)).toEqual(KEEPER_SUBJECTS);
    for (const subject of Object.keys(REQUEST_SCHEMAS) as RequestSubject[]) {
      // Any service error (stub or validation) means the request got through and the reply came back.
      await expect(requestTokenKeeper(gateway, subject, { connectionId: 'c' })).rejects.toBeInstanceOf(
        TokensGetError,
      );
    }
    await publishRaw(gateway, SUBJECTS.postRequested, 'gw-post');
    // PATCH / DELETE /v1/posts/:requestId send the edit and delete commands.
    await publishRaw(gateway, SUBJECTS.postUpdateRequested, 'gw-post-edit');
    await publishRaw(gateway, SUBJECTS.postDeleteRequested, 'gw-post-delete');

    // token-keeper emits its scheduled events.
    for (const subject of [SUBJECTS.tokenRefreshDue, SUBJECTS.tokenExpiring, SUBJECTS.tokenExpired]) {
      await publishRaw(keeper, subject, `keeper-${subject}`);
    }
    expect(await refreshDue).toBe(SUBJECTS.tokenRefreshDue);

    // publisher: its KV buckets, its durable consumer on POSTS, its outcomes, tokens.get.
    const ledger = await createKvLedger(publisher);
    expect(
      await ledger.claim('r1', { state: 'failed', code: 'x', failedAt: new Date(0).toISOString() }),
    ).toBe(true);
    expect(await ledger.get('r1')).not.toBeNull();
    const throttle = await createKvMemberThrottle(publisher);
    await throttle.throttle('member', Date.now() + 60_000);
    expect(await throttle.throttledUntil('member', Date.now())).toBeGreaterThan(Date.now());
    // The daily create counter: the publisher writes it (with per-entry TTLs), the gateway only reads it.
    const quota = await createKvQuotaCounter(publisher);
    expect(await quota.count('member', Date.now())).toBe(1);
    expect((await createKvQuotaReader(gateway).quotaOf('member', Date.now())).used).toBe(1);
    await expect(publishRaw(gateway, '$KV.publisher_quota.forged', 'gw-quota')).rejects.toThrow();
    await publishRaw(client, SUBJECTS.postRequested, 'client-post');
    const post = await consumeOne(publisher, STREAMS.posts.name, PUBLISHER_DURABLE, SUBJECTS.postRequested);
    expect(post).toBe(SUBJECTS.postRequested);
    // Waiting posts: its schedule and counter streams, a schedule set and purged, the due and cancel consumers.
    await ensureScheduleStreams(publisher, { replicas: 1 });
    const scheduler = createScheduler(publisher);
    const waiting = { requestId: 'w1', connectionId: 'c', visibility: 'PUBLIC' as const, text: 'w' };
    await scheduler.schedule(waiting, Date.now() + 3_600_000);
    await scheduler.unschedule('w1');
    await scheduler.schedule(waiting, Date.now());
    expect(await consumeOne(publisher, SCHEDULES_STREAM, DUE_DURABLE, DUE_SUBJECT)).toBe(DUE_SUBJECT);
    expect(await createWaitingCount(publisher).add('c', 1, 'w1:in')).toBe(1);
    expect(await createWaitingCount(publisher).current('c')).toBe(1);
    await publishRaw(gateway, SUBJECTS.postCancelRequested, 'gw-cancel');
    expect(
      await consumeOne(publisher, STREAMS.posts.name, CANCEL_DURABLE, SUBJECTS.postCancelRequested),
    ).toBe(SUBJECTS.postCancelRequested);
    await publishRaw(publisher, SUBJECTS.postCancelled, 'pub-cancelled');
    await publishRaw(publisher, SUBJECTS.postCancelRejected, 'pub-cancel-rejected');
    await expect(publishRaw(gateway, 'publisher.schedule.at.forged', 'gw-schedule')).rejects.toThrow();
    // Media: a client puts a file into the `media` object store, the publisher streams it back.
    const media = await new Objm(client).create('media');
    await media.putBlob({ name: 'acme/photo.png' }, new Uint8Array([1, 2, 3]));
    // The gateway stores uploads (`POST /v1/media`, MCP `upload_media`) in the same bucket.
    const uploads = await new Objm(gateway).create('media');
    await uploads.putBlob({ name: 'acme/upload-1-photo.png' }, new Uint8Array([4]));
    const opened = await createObjectSource(publisher, { maxBytes: 1024 }).open(
      'nats-object://media/acme/photo.png',
      'image',
      { tenantId: 'acme' },
    );
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    expect([...Buffer.concat(chunks)]).toEqual([1, 2, 3]);
    await publishRaw(publisher, SUBJECTS.postPublished, 'pub-ok');
    await publishRaw(publisher, SUBJECTS.postFailed, 'pub-failed');
    await expect(
      requestTokenKeeper(publisher, SUBJECTS.tokensGet, { connectionId: 'c' }),
    ).rejects.toBeInstanceOf(TokensGetError);
    await service.stop();
  });

  it('lets the gateway run its webhooks: bucket, WEBHOOKS stream, fan-out and delivery consumers', async () => {
    const gateway = await connectAs('auth-gateway');
    const publisher = await connectAs('publisher');
    await ensureStreams(gateway, DEFAULT_STREAM_OPTIONS);
    // Only NATS permissions are under test: a pass-through keyring.
    const keyring = { sealingKeyId: 'k', seal: (value: string) => value, open: (value: string) => value };
    const webhooks = await createKvWebhookStore(gateway, { keyring, now: Date.now });
    const { record } = await webhooks.create({
      tenantId: 't',
      url: 'https://hooks.example.test/h',
      events: ['post.failed'],
    });
    expect((await webhooks.listByTenant('t')).map((w) => w.webhookId)).toEqual([record.webhookId]);
    consumers.push(
      ...(await startWebhookWorkers(
        gateway,
        {
          config: {
            streamReplicas: 1,
            webhooks: { allowPrivateNetworks: false, retryDelaysMs: [60_000], concurrency: 2 },
          },
          events: createEventPublisher(gateway),
          // Only NATS permissions are under test: the connection's tenant is given.
          tokenKeeper: { status: async () => ({ tenantId: 't' }) as ConnectionView },
          webhooks,
          logger,
          now: Date.now,
        },
        'auth-gateway',
      )),
    );
    const body = {
      eventId: 'perm:failed',
      requestId: 'perm',
      connectionId: 'conn_perm',
      code: 'linkedin_error',
    };
    await jetstream(publisher).publish(
      SUBJECTS.postFailed,
      JSON.stringify({ ...body, message: 'x', attempts: 1 }),
      { msgID: body.eventId },
    );
    // The fan-out published a job (gateway → webhook.delivery) and the delivery consumer took it.
    const jsm = await jetstreamManager(gateway);
    const [, , deliver] = webhookConsumers('auth-gateway');
    const taken = async () =>
      (await jsm.consumers.info(deliver?.stream ?? '', deliver?.durable ?? '')).delivered.stream_seq >= 1;
    for (let i = 0; i < 200 && !(await taken()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await taken()).toBe(true);
  });

  // nats.js ignores `user:password@` in a server URL; connectNats passes NATS_URL's credentials as user/pass.
  it('lets a service authenticate with the credentials in its NATS_URL (connectNats)', async () => {
    const nc = await connectNats({ url: nats.urlFor('publisher'), name: 'deploy-checks-url', logger });
    open.push(nc);
  });

  it('refuses the publisher token.issued: nothing reaches the TOKENS stream', async () => {
    const publisher = await connectAs('publisher');
    const admin = await connectAs('admin');
    const jsm = await jetstreamManager(admin);
    await ensureStreams(admin, DEFAULT_STREAM_OPTIONS);
    const before = (await jsm.streams.info(STREAMS.tokens.name)).state.messages;
    await expect(publishRaw(publisher, SUBJECTS.tokenIssued, 'forged')).rejects.toThrow();
    publisher.publish(SUBJECTS.tokenIssued, JSON.stringify({ forged: true }));
    await publisher.flush().catch(() => undefined);
    expect((await jsm.streams.info(STREAMS.tokens.name)).state.messages).toBe(before);
  });

  it('refuses the publisher any subscription to token.> and any consumer on TOKENS', async () => {
    const publisher = await connectAs('publisher');
    const gateway = await connectAs('auth-gateway');
    // A callback subscription: the server's permission error arrives as the callback's error, not as a rejection.
    const seen: string[] = [];
    const refused: Error[] = [];
    publisher.subscribe('token.>', {
      callback: (error, m) => void (error ? refused.push(error) : seen.push(m.subject)),
    });
    await publisher.flush().catch(() => undefined);
    gateway.publish(SUBJECTS.tokenIssued, '{}');
    for (let i = 0; i < 50 && refused.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(refused[0]?.message).toMatch(/permission/i);
    expect(seen).toEqual([]);
    const jsm = await jetstreamManager(publisher, { timeout: 1500 });
    await expect(
      jsm.consumers.add(STREAMS.tokens.name, { durable_name: 'spy', filter_subject: 'token.issued' }),
    ).rejects.toThrow();
    await expect(jsm.streams.getMessage(STREAMS.tokens.name, { seq: 1 })).rejects.toThrow();
  });

  it('refuses the other services what is not theirs', async () => {
    const keeper = await connectAs('token-keeper');
    const gateway = await connectAs('auth-gateway');
    await expect(publishRaw(keeper, SUBJECTS.tokenIssued, 'keeper-forged')).rejects.toThrow();
    await expect(publishRaw(gateway, SUBJECTS.postPublished, 'gw-forged')).rejects.toThrow();
    await expect(publishRaw(keeper, SUBJECTS.postRequested, 'keeper-post')).rejects.toThrow();
  });
});
