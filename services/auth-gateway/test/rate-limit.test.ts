import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_KEY, useGatewayHarness, type GatewayHarness } from './harness.ts';
import { authorizedTokens, registeredClient, register, tokenRequest } from './oauth-flow.ts';

const LIMIT = 20;
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { RATE_LIMIT_PER_MINUTE: String(LIMIT), OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open' },
);

/** `GET /v1/connections` from `address` with `authorization`, answered status only. */
async function list(h: GatewayHarness, address: string, authorization?: string): Promise<number> {
  const response = await h.app.inject({
    url: '/v1/connections?tenantId=tenant-a',
    remoteAddress: address,
    headers: authorization ? { authorization } : {},
  });
  return response.statusCode;
}

const randomBearer = () => `Bearer ${randomBytes(24).toString('base64url')}`;

describe('rate limiting keyed by the validated caller', () => {
  it('made-up Authorization headers share their address’s bucket: the request after the limit is 429', async () => {
    const h = harness();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push(await list(h, '203.0.113.7', randomBearer()));
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses[LIMIT]).toBe(429);
    // Made-up access tokens (`lbat_…`) too: only a verified token earns a bucket of its own.
    expect(await list(h, '203.0.113.7', `Bearer lbat_${randomBytes(24).toString('base64url')}`)).toBe(429);
    // Another address is counted on its own.
    expect(await list(h, '203.0.113.8', randomBearer())).toBe(401);
  });

  it('a valid API key has its own bucket, not its address’s, and is limited in it', async () => {
    const h = harness();
    for (let i = 0; i < LIMIT; i++) await list(h, '203.0.113.9', randomBearer());
    expect(await list(h, '203.0.113.9')).toBe(429);
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push(await list(h, '203.0.113.9', `Bearer ${API_KEY}`));
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(statuses[LIMIT]).toBe(429);
  });

  it('a verified OAuth access token has its own bucket (its grant), apart from its address', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens } = await authorizedTokens(h, client);
    const bearer = `Bearer ${tokens.access_token}`;
    const read = (address: string) =>
      h.app.inject({
        url: '/v1/posts/nothing-yet',
        remoteAddress: address,
        headers: { authorization: bearer },
      });
    // The limiter's verification is the route's too: one store read per request.
    const grants = h.deps.oauth.grants;
    const verify = grants.verifyAccessToken.bind(grants);
    let reads = 0;
    grants.verifyAccessToken = (token) => (reads++, verify(token));
    expect((await read('198.51.100.250')).statusCode).toBe(404);
    expect(reads).toBe(1);
    grants.verifyAccessToken = verify;
    for (let i = 0; i < LIMIT; i++) await list(h, '203.0.113.10', randomBearer());
    expect(await list(h, '203.0.113.10')).toBe(429);
    expect((await read('203.0.113.10')).statusCode).not.toBe(429);
    // The grant's bucket is shared by every address the token comes from.
    for (let i = 0; i < LIMIT - 2; i++) await read(`198.51.100.${i + 1}`);
    expect((await read('198.51.100.200')).statusCode).toBe(429);
  });

  it('a limited /oauth/token or /oauth/register request is answered 429 OAuth-style, not 500', async () => {
    const h = harness();
    for (let i = 0; i < LIMIT; i++) await list(h, '127.0.0.1');
    for (const response of [
      await tokenRequest(h, { grant_type: 'client_credentials', client_id: 'lbc_nobody' }),
      await register(h),
    ]) {
      expect(response.statusCode).toBe(429);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      const body = response.json<{ error: string; error_description: string }>();
      expect(body.error).toBe('temporarily_unavailable');
      expect(body.error_description).toMatch(/too many requests/);
    }
  });
});
