import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { authorizeAsBrowser } from './oauth-browser.ts';
import {
  authorizeUrl,
  CLIENT_REDIRECT_URI,
  registerClient,
  registerPublicClient,
} from './oauth-client-flow.ts';
import { API_KEY, useTestSystem } from './system.ts';

// The defaults: OAUTH_REGISTRATION is protected, so registrations here present API_KEY (tenant-a).
const system = useTestSystem();

const DAY_SECONDS = 24 * 3600;
/** deploy/nats/nats.conf `max_file_store`: the server reserves every limit, all must fit together. */
const COMPOSE_FILE_STORE_BYTES = 10 * 1000 ** 3;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');

const register = (gatewayUrl: string, body: Record<string, unknown>, apiKey: string | null = API_KEY) =>
  registerClient(gatewayUrl, body, apiKey ?? undefined);

/** The TTL (seconds) the server holds a KV entry to, from the `Nats-TTL` header of its last message; null: none. */
async function entryTtlSeconds(jsm: JetStreamManager, bucket: string, key: string): Promise<number | null> {
  const message = await jsm.streams.getMessage(`KV_${bucket}`, { last_by_subj: `$KV.${bucket}.${key}` });
  const ttl = message?.header?.get('Nats-TTL');
  if (!ttl) return null;
  const match = /^(\d+)s?$/.exec(ttl);
  if (!match) throw new Error(`unexpected Nats-TTL ${ttl}`);
  return Number(match[1]);
}

describe('nothing anonymous is stored for long, and every store has a size limit', () => {
  it('every stream and KV bucket the services create has a max size, together within the NATS store', async () => {
    const jsm = await jetstreamManager(system().nc);
    const expected = [
      'POSTS',
      'TOKENS',
      'KV_gateway_connect',
      'KV_gateway_refresh_locks',
      'KV_gateway_refresh_done',
      'KV_gateway_post_status',
      'KV_gateway_oauth_clients',
      'KV_gateway_oauth_grants',
      'KV_gateway_webhooks',
      'WEBHOOKS',
      'KV_publisher_ledger',
      'KV_publisher_throttle',
    ];
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    expect(names).toEqual(expect.arrayContaining(expected));
    let total = 0;
    for (const name of names) {
      const { config } = await jsm.streams.info(name);
      expect({ name, positive: config.max_bytes > 0 }).toEqual({ name, positive: true });
      total += config.max_bytes;
    }
    expect(total).toBeLessThan(COMPOSE_FILE_STORE_BYTES);
  });

  it('registration is protected by default (OAUTH_REGISTRATION)', async () => {
    const anonymous = await register(system().gatewayUrl, { redirect_uris: [CLIENT_REDIRECT_URI] }, null);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toBe('invalid_token');
  });

  it('registration refuses oversize metadata with invalid_client_metadata', async () => {
    const { gatewayUrl } = system();
    const oversize = [
      { redirect_uris: [CLIENT_REDIRECT_URI], client_name: 'n'.repeat(101) },
      { redirect_uris: Array.from({ length: 6 }, (_, i) => `${CLIENT_REDIRECT_URI}${i}`) },
      { redirect_uris: [`${CLIENT_REDIRECT_URI}?${'q'.repeat(600)}`] },
      { redirect_uris: [CLIENT_REDIRECT_URI], scope: `${'posts:write '.repeat(10)}` },
    ];
    for (const body of oversize) {
      const response = await register(gatewayUrl, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_client_metadata');
    }
  });

  it('a pending authorization request lives minutes; an unused client under a day, a used one its full TTL', async () => {
    const { gatewayUrl, nc } = system();
    const jsm = await jetstreamManager(nc);
    const clientId = await registerPublicClient(gatewayUrl, API_KEY);
    const clientKey = `client.${digest(clientId)}`;
    const unused = await entryTtlSeconds(jsm, 'gateway_oauth_clients', clientKey);
    expect(unused).not.toBeNull();
    expect(unused!).toBeLessThanOrEqual(DAY_SECONDS);

    // An anonymous consent-page view stores a pending request: minutes, not the grants bucket's 30 days.
    const verifier = randomBytes(32).toString('base64url');
    const page = await fetch(authorizeUrl(gatewayUrl, clientId, verifier, 'storage-limits'));
    expect(page.status).toBe(200);
    const requestId = /name="request" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(requestId).toMatch(/^lbar_/);
    const pending = await entryTtlSeconds(jsm, 'gateway_oauth_grants', `request.${digest(requestId!)}`);
    expect(pending).not.toBeNull();
    expect(pending!).toBeLessThanOrEqual(3600);

    // The first code exchange keeps the client for OAUTH_CLIENT_REGISTRATION_TTL (the bucket's max age).
    const landed = await authorizeAsBrowser(authorizeUrl(gatewayUrl, clientId, verifier, 'storage-limits'));
    const token = await fetch(`${gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: landed.searchParams.get('code') ?? '',
        redirect_uri: CLIENT_REDIRECT_URI,
        client_id: clientId,
        code_verifier: verifier,
      }),
    });
    expect(token.status).toBe(200);
    expect(await entryTtlSeconds(jsm, 'gateway_oauth_clients', clientKey)).toBeNull();
    const { config } = await jsm.streams.info('KV_gateway_oauth_clients');
    expect(config.max_age).toBeGreaterThan(DAY_SECONDS * 1e9);
  });
});
