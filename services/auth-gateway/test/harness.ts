import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { pino } from 'pino';
import { request } from 'undici';
import { ensureStreams } from '@li-bus/messaging';
import { createKeyring, generateKeySpec, type Keyring } from '@li-bus/sealing';
import type { HttpApp } from '@li-bus/service-kit';
import { createEmulatorAdmin, startEmulator, type RunningEmulator } from '@li-bus/linkedin-emulator';
import { startNatsWithConnection, useHarness, type Defer, type SuiteHooks } from '@li-bus/testkit';
import { buildApp } from '../src/app.ts';
import { createGatewayDeps } from '../src/create-deps.ts';
import { loadConfig } from '../src/config.ts';
import type { LightMyRequestResponse } from 'fastify';
import { CONNECT_COOKIE } from '../src/connect/start-connect.ts';
import { CONFIRM_COOKIE } from '../src/connect/confirm-token.ts';
import type { GatewayDeps } from '../src/deps.ts';
import { startInMemoryTokenKeeper, type BusTokenKeeper } from './in-memory-token-keeper.ts';

export const PUBLIC_ORIGIN = 'http://gateway.test';
export const REDIRECT_URI = `${PUBLIC_ORIGIN}/oauth/linkedin/callback`;
export const CONNECT_PAGE = `${PUBLIC_ORIGIN}/connect`;
export const API_KEY = 'tenant-a-key-0123456789';
export const OTHER_TENANT_KEY = 'tenant-b-key-0123456789';
export const RETURN_TO = 'https://app.example.test/linkedin/done';

const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export interface RawEvent {
  subject: string;
  data: string;
}

export interface GatewayHarness {
  app: HttpApp;
  nc: NatsConnection;
  natsUrl: string;
  emulator: RunningEmulator;
  keyring: Keyring;
  deps: GatewayDeps;
  /** A token-keeper stand-in following the real bus and answering `tokens.*`. */
  keeper: BusTokenKeeper;
  /** The clock the gateway and its session store read; tests move it forward. */
  clock: { now: number };
  /** Every `token.*` message published while the test ran, as sent. */
  events: RawEvent[];
  /** `POST /v1/connections/authorize` as tenant-a with RETURN_TO; the path of the returned start URL. */
  authorize(body?: Record<string, unknown>): Promise<string>;
  /**
   * `GET /oauth/linkedin/start` (our confirmation page), then its form's POST: the LinkedIn consent URL and the
   * browser's `Cookie` header for the callback.
   */
  start(startPath: string): Promise<{ consentUrl: URL; cookie: string }>;
  /** The emulator's consent page deciding without a click; returns where LinkedIn sends the browser back. */
  consent(consentUrl: URL, decision: 'allow' | 'cancel'): Promise<URL>;
  /** `GET /oauth/linkedin/callback` with the query LinkedIn sent and, when given, the browser's cookie. */
  callback(callbackUrl: URL | string, cookie?: string): Promise<{ status: number; location: URL }>;
  /** The whole browser flow; returns where the gateway finally redirected and the callback URL it used. */
  connectMember(body?: Record<string, unknown>): Promise<{ landed: URL; callbackUrl: URL; cookie: string }>;
  /** Connects (member by default) and waits until token-keeper holds the connection; returns its id. */
  connected(body?: Record<string, unknown>): Promise<string>;
  /** Counts the emulator's logged requests whose path starts with `prefix`. */
  emulatorCalls(prefix: string): Promise<number>;
  /** Calls the emulator's token endpoint received (`/oauth/v2/accessToken`). */
  tokenExchanges(): Promise<number>;
}

/** One NATS server per file; per test a listening emulator and a gateway app built from `loadConfig`. */
export function useGatewayHarness(
  hooks: SuiteHooks,
  extraEnv: Record<string, string> = {},
): () => GatewayHarness {
  return useHarness(hooks, 'gateway', {
    // As before the kit: a teardown step that fails (an app closed twice) does not fail the test.
    teardown: 'lenient',
    async file(defer) {
      const nats = await startNatsWithConnection(defer);
      await ensureStreams(nats.nc);
      return nats;
    },
    each: ({ nc, natsUrl }, defer) => startGatewayTest(nc, natsUrl, defer, extraEnv),
  });
}

async function startGatewayTest(
  nc: NatsConnection,
  natsUrl: string,
  defer: Defer,
  extraEnv: Record<string, string>,
): Promise<GatewayHarness> {
  const emulator = await startEmulator({ app: { redirectUris: [REDIRECT_URI] } });
  defer(() => emulator.close());
  const keySpec = generateKeySpec('test');
  const config = loadConfig({
    NATS_URL: natsUrl,
    LINKEDIN_CLIENT_ID: emulator.app.clientId,
    LINKEDIN_CLIENT_SECRET: emulator.app.clientSecret,
    LINKEDIN_REDIRECT_URI: REDIRECT_URI,
    LINKEDIN_AUTH_BASE: emulator.url,
    LINKEDIN_API_BASE: emulator.url,
    TOKEN_ENCRYPTION_KEYS: keySpec,
    GATEWAY_API_KEYS: `${API_KEY}:tenant-a,${OTHER_TENANT_KEY}:tenant-b`,
    RETURN_TO_ALLOWLIST: RETURN_TO,
    HTTP_TIMEOUT_MS: '2000',
    ...extraEnv,
  });
  const clock = { now: Date.now() };
  const now = () => clock.now;
  const keyring = createKeyring(keySpec);
  const keeper = await startInMemoryTokenKeeper(nc);
  defer(() => keeper.stop());
  const deps = await createGatewayDeps(nc, config, { logger, now });
  const app = await buildApp(deps);
  defer(() => app.close());
  const events: RawEvent[] = [];
  const sub: Subscription = nc.subscribe('token.>', {
    callback: (_error, msg) => void events.push({ subject: msg.subject, data: msg.string() }),
  });
  defer(async () => sub.unsubscribe());
  // The subscription is registered at the server before anything is published.
  await nc.flush();

  const harness: GatewayHarness = {
    app,
    nc,
    natsUrl,
    emulator,
    keyring,
    deps,
    keeper,
    clock,
    events,
    async authorize(body = { tenantId: 'tenant-a', returnTo: RETURN_TO, kind: 'member' }) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/connections/authorize',
        headers: { authorization: `Bearer ${API_KEY}` },
        payload: body,
      });
      if (response.statusCode !== 201) throw new Error(`authorize answered ${response.statusCode}`);
      const url = new URL(response.json<{ authorizeUrl: string }>().authorizeUrl);
      return `${url.pathname}${url.search}`;
    },
    async start(startPath) {
      const page = await app.inject({ method: 'GET', url: startPath });
      if (page.statusCode !== 200) throw new Error(`start answered ${page.statusCode}`);
      const form = confirmForm(page);
      const response = await app.inject({
        method: 'POST',
        url: '/oauth/linkedin/start',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
        payload: new URLSearchParams(form.fields).toString(),
      });
      if (response.statusCode !== 303) throw new Error(`confirm answered ${response.statusCode}`);
      const cookie = response.cookies.find((c) => c.name === CONNECT_COOKIE);
      if (!cookie) throw new Error('start set no cookie');
      return {
        consentUrl: new URL(String(response.headers.location)),
        cookie: `${cookie.name}=${cookie.value}`,
      };
    },
    async consent(consentUrl, decision) {
      const url = new URL(consentUrl);
      url.searchParams.set('emulator_decision', decision);
      const response = await request(url);
      await response.body.dump();
      if (response.statusCode !== 302) throw new Error(`consent answered ${response.statusCode}`);
      return new URL(String(response.headers.location));
    },
    async callback(callbackUrl, cookie) {
      const url = new URL(callbackUrl, PUBLIC_ORIGIN);
      const response = await app.inject({
        method: 'GET',
        url: `${url.pathname}${url.search}`,
        headers: cookie ? { cookie } : {},
      });
      return {
        status: response.statusCode,
        location: new URL(String(response.headers.location ?? '/'), PUBLIC_ORIGIN),
      };
    },
    async connectMember(body) {
      const { consentUrl, cookie } = await harness.start(await harness.authorize(body));
      const callbackUrl = await harness.consent(consentUrl, 'allow');
      const { status, location } = await harness.callback(callbackUrl, cookie);
      if (status !== 302) throw new Error(`callback answered ${status}`);
      return { landed: location, callbackUrl, cookie };
    },
    async connected(body) {
      const { landed } = await harness.connectMember(body);
      const connectionId = landed.searchParams.get('connectionId');
      if (!connectionId) throw new Error(`connect failed: ${landed.toString()}`);
      await keeper.waitFor(connectionId);
      return connectionId;
    },
    async emulatorCalls(prefix) {
      const entries = await createEmulatorAdmin(emulator.url).requests();
      return entries.filter((entry) => entry.path.startsWith(prefix)).length;
    },
    tokenExchanges: () => harness.emulatorCalls('/oauth/v2/accessToken'),
  };
  return harness;
}

/** The hidden fields of a page's start form (`#confirm` or the connect page's first) and its cookie. */
export function confirmForm(page: LightMyRequestResponse): {
  fields: Record<string, string>;
  cookie: string;
} {
  const form = /<form method="post" action="\/oauth\/linkedin\/start"[^>]*>([\s\S]*?)<\/form>/.exec(
    page.body,
  )?.[1];
  const fields = Object.fromEntries(
    [...(form ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1],
      m[2],
    ]),
  ) as Record<string, string>;
  const cookie = page.cookies.find((c) => c.name === CONFIRM_COOKIE);
  if (!form || !fields['token'] || !cookie)
    throw new Error(`no confirmation form: ${page.body.slice(0, 300)}`);
  return { fields, cookie: `${cookie.name}=${cookie.value}` };
}

/** `returnTo` (or the connect page) with only the given query parameters. */
export function landing(location: URL): { target: string; query: Record<string, string> } {
  return {
    target: `${location.origin}${location.pathname}`,
    query: Object.fromEntries(location.searchParams),
  };
}
