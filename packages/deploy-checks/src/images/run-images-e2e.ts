// node packages/deploy-checks/src/images/run-images-e2e.ts [TAG]
// The end-to-end check of the built images (deploy/images/ci-check.sh runs it with the engine it started, through
// DOCKER_HOST): local NATS and Redis (testkit, free ports), an OTLP/HTTP receiver on 127.0.0.1, the emulator and
// the three services as hardened containers on the host network. Drives a connect through the gateway and a post
// through NATS, checks the post reached the emulator and that the containers exported traces; prints each image's
// size and start-to-ready time. Removes everything it started, also on failure. Exits non-zero on any failure.
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { SUBJECTS, type PostPublished } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { requestTokens } from '@li-bus/token-keeper-client';
import { freePort, startNats, startOtlpReceiver, startRedis, waitFor } from '@li-bus/testkit';
import { connectThroughGateway } from './connect-flow.ts';
import { createDockerCli } from './docker-cli.ts';
import { runHardened, type HardenedContainer } from './hardened-container.ts';

const tag = process.argv[2] ?? 'ci';
const prefix = process.env['IMAGE_PREFIX'] ?? 'li-bus/';
const API_KEY = 'images-e2e-api-key-0123456789';
const RETURN_TO = 'https://app.example.test/linkedin/done';

// The docker CLI keeps the engine; the testkit must not see it (it would run NATS/Redis as containers).
const docker = createDockerCli({ ...process.env });
delete process.env['DOCKER_HOST'];

const cleanup: (() => Promise<unknown>)[] = [];
const started: HardenedContainer[] = [];
const report: { image: string; sizeMb: number; readyMs: number }[] = [];

const isOk = (url: string) =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );

async function startImage(
  name: string,
  env: Record<string, string>,
  readyUrl: string,
): Promise<HardenedContainer> {
  const image = `${prefix}${name}:${tag}`;
  const begin = performance.now();
  const container = await runHardened(docker, { name: `li-bus-e2e-${name}`, image, env });
  started.push(container);
  await waitFor(() => isOk(readyUrl), {
    timeoutMs: 60_000,
    intervalMs: 100,
    message: `${name} never got ready`,
  });
  const readyMs = Math.round(performance.now() - begin);
  const size = Number(await docker.run(['image', 'inspect', '--format', '{{.Size}}', image]));
  report.push({ image, sizeMb: Math.round(size / 1e6), readyMs });
  console.log(`images-e2e: ${image} ready in ${readyMs} ms`);
  return container;
}

async function main(): Promise<void> {
  const [nats, redis, receiver] = await Promise.all([startNats(), startRedis(), startOtlpReceiver()]);
  cleanup.push(
    () => nats.close(),
    () => redis.close(),
    () => receiver.close(),
  );
  const port = {
    emulator: 0,
    gateway: 0,
    keeper: 0,
    publisher: 0,
    gwMetrics: 0,
    keeperMetrics: 0,
    pubMetrics: 0,
  };
  for (const key of Object.keys(port) as (keyof typeof port)[]) port[key] = await freePort();
  const emulatorUrl = `http://127.0.0.1:${port.emulator}`;
  const gatewayUrl = `http://127.0.0.1:${port.gateway}`;
  const tokenEncryptionKeys = `e2e:${randomBytes(32).toString('base64')}`;
  const common = (service: string) => ({
    NATS_URL: nats.url,
    TOKEN_ENCRYPTION_KEYS: tokenEncryptionKeys,
    STREAM_REPLICAS: '1',
    LOG_LEVEL: 'info',
    OTEL_SERVICE_NAME: service,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });

  const emulator = await startImage(
    'linkedin-emulator',
    {
      PORT: String(port.emulator),
      HOST: '127.0.0.1',
      EMULATOR_REDIRECT_URIS: `${gatewayUrl}/oauth/linkedin/callback`,
    },
    `${emulatorUrl}/_emulator/posts`,
  );
  // The LinkedIn-Version the emulator accepts, as its banner prints it: configured like a deployment would.
  const version = /LinkedIn-Version: (\d{6})/.exec(await emulator.logs())?.[1];
  const linkedinVersion: Record<string, string> = version ? { LINKEDIN_VERSION: version } : {};
  await startImage(
    'token-keeper',
    {
      ...common('token-keeper'),
      REDIS_URL: redis.url,
      PORT: String(port.keeper),
      METRICS_PORT: String(port.keeperMetrics),
    },
    `http://127.0.0.1:${port.keeper}/readyz`,
  );
  await startImage(
    'publisher',
    {
      ...common('publisher'),
      ...linkedinVersion,
      LINKEDIN_API_BASE: emulatorUrl,
      PORT: String(port.publisher),
      METRICS_PORT: String(port.pubMetrics),
    },
    `http://127.0.0.1:${port.publisher}/readyz`,
  );
  await startImage(
    'auth-gateway',
    {
      ...common('auth-gateway'),
      ...linkedinVersion,
      PORT: String(port.gateway),
      METRICS_PORT: String(port.gwMetrics),
      LINKEDIN_CLIENT_ID: 'emulator-client-id',
      LINKEDIN_CLIENT_SECRET: 'emulator-client-secret',
      LINKEDIN_AUTH_BASE: emulatorUrl,
      LINKEDIN_API_BASE: emulatorUrl,
      LINKEDIN_REDIRECT_URI: `${gatewayUrl}/oauth/linkedin/callback`,
      GATEWAY_API_KEYS: `${API_KEY}:tenant-a`,
      RETURN_TO_ALLOWLIST: RETURN_TO,
    },
    `${gatewayUrl}/readyz`,
  );

  const landed = await connectThroughGateway({
    gatewayUrl,
    apiKey: API_KEY,
    tenantId: 'tenant-a',
    returnTo: RETURN_TO,
  });
  const connectionId = landed.searchParams.get('connectionId') ?? '';
  if (landed.searchParams.get('connected') !== 'true' || !connectionId.startsWith('conn_')) {
    throw new Error(
      `connect did not land connected: ${landed.origin}${landed.pathname}?${landed.searchParams.toString()}`,
    );
  }
  console.log(`images-e2e: connected ${connectionId} through the gateway`);

  const nc = await connect({ servers: nats.url });
  cleanup.push(() => nc.close());
  await waitFor(() => requestTokens(nc, connectionId).catch(() => null), {
    timeoutMs: 15_000,
    message: 'token-keeper never stored the connection',
  });
  const outcomes: PostPublished[] = [];
  nc.subscribe(SUBJECTS.postPublished, {
    callback: (_err, msg) => void outcomes.push(msg.json<PostPublished>()),
  });
  const text = `Built and run in containers (${tag}) #ci`;
  await createEventPublisher(nc).publish(SUBJECTS.postRequested, {
    requestId: `images-e2e-${Date.now()}`,
    connectionId,
    text,
  });
  const published = await waitFor(() => outcomes[0], { timeoutMs: 30_000, message: 'no post.published' });
  const posts = (await (await fetch(`${emulatorUrl}/_emulator/posts`)).json()) as {
    urn: string;
    commentary: string;
  }[];
  const post = posts.find((p) => p.urn === published.postUrn);
  if (!post?.commentary.startsWith('Built and run in containers')) {
    throw new Error(`the emulator has no post ${published.postUrn}: ${JSON.stringify(posts)}`);
  }
  console.log(`images-e2e: post ${published.postUrn} reached the emulator`);

  const services = ['auth-gateway', 'token-keeper', 'publisher'];
  await waitFor(
    () =>
      services.every((s) => receiver.spans.some((span) => span.service === s)) &&
      receiver.spans.some(
        (span) => span.service === 'publisher' && span.name.startsWith(SUBJECTS.postRequested),
      ),
    {
      timeoutMs: 15_000,
      message: `traces missing; got ${[...new Set(receiver.spans.map((s) => `${s.service}:${s.name}`))].join(', ')}`,
    },
  );
  console.log(
    `images-e2e: ${receiver.spans.length} spans exported from the containers (${services.join(', ')})`,
  );
}

let failed = false;
try {
  await main();
  console.log('\nimage                                       size   start-to-ready');
  for (const row of report) {
    console.log(
      `${row.image.padEnd(42)} ${String(row.sizeMb).padStart(4)} MB ${(row.readyMs / 1000).toFixed(1).padStart(6)} s`,
    );
  }
} catch (error) {
  failed = true;
  console.error(`images-e2e: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  for (const container of started)
    console.error(
      `--- ${container.name} logs (tail) ---\n${(await container.logs()).split('\n').slice(-25).join('\n')}`,
    );
} finally {
  for (const container of started.reverse()) await container.remove();
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
}
process.exit(failed ? 1 : 0);
