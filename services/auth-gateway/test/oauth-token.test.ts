import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { OAUTH_GRANTS_BUCKET } from '../src/oauth-server/oauth-store.ts';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness, type GatewayHarness } from './harness.ts';
import {
  authorizedTokens,
  authorizeThroughLinkedIn,
  pkcePair,
  redeem,
  registeredClient,
  tokenRequest,
  type TestClient,
  type Tokens,
} from './oauth-flow.ts';

// Openly registered clients connect into tenant-a, whose connections API_KEY may list.
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open' },
);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function postAs(h: GatewayHarness, token: string, connectionId: string, requestId = `req-${Math.random()}`) {
  return h.app.inject({
    method: 'POST',
    url: '/v1/posts',
    headers: bearer(token),
    payload: { requestId, connectionId, text: 'Hello from an agent' },
  });
}

/** The connection the member's LinkedIn sign-in made (in tenant-a, the open-registration tenant here). */
async function connectionId(h: GatewayHarness): Promise<string> {
  const list = await h.app.inject({ url: '/v1/connections?tenantId=tenant-a', headers: bearer(API_KEY) });
  const [first] = list.json<{ connections: { connectionId: string }[] }>().connections;
  if (!first) throw new Error(`no connection: ${list.body}`);
  return first.connectionId;
}

function refresh(h: GatewayHarness, client: TestClient, refreshToken: string) {
  return tokenRequest(h, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: client.client_id,
  });
}

describe('POST /oauth/token: authorization_code', () => {
  it('redeems a code once for bound, scoped tokens; the access token posts for its connection', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens } = await authorizedTokens(h, client);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'posts:write connections:read',
    });
    expect(tokens.access_token).toMatch(/^lbat_/);
    expect(tokens.refresh_token).toMatch(/^lbrt_/);
    const id = await connectionId(h);
    await h.keeper.waitFor(id);
    const posted = await postAs(h, tokens.access_token, id, 'agent-post-1');
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toMatchObject({ requestId: 'agent-post-1', status: 'queued' });
    const read = await h.app.inject({ url: `/v1/connections/${id}`, headers: bearer(tokens.access_token) });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ connectionId: id, tenantId: 'tenant-a' });
    const status = await h.app.inject({
      url: '/v1/posts/agent-post-1',
      headers: bearer(tokens.access_token),
    });
    expect(status.json()).toMatchObject({ requestId: 'agent-post-1', status: 'queued' });
  });

  it('a wrong verifier, a missing verifier, another redirect_uri or another client: refused', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const other = await registeredClient(h);
    const { verifier, challenge } = pkcePair();
    const landed = await authorizeThroughLinkedIn(h, client, { code_challenge: challenge });
    const code = landed.searchParams.get('code')!;
    const base = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirect_uris[0]!,
      client_id: client.client_id,
    };
    const wrong = await tokenRequest(h, { ...base, code_verifier: pkcePair().verifier });
    expect([wrong.statusCode, wrong.json()]).toEqual([
      400,
      expect.objectContaining({ error: 'invalid_grant' }),
    ]);
    const missing = await tokenRequest(h, base);
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
    const elsewhere = await tokenRequest(h, {
      ...base,
      code_verifier: verifier,
      redirect_uri: 'https://agent.example.test/other',
    });
    expect(elsewhere.json()).toMatchObject({ error: 'invalid_grant' });
    const stolen = await tokenRequest(h, { ...base, code_verifier: verifier, client_id: other.client_id });
    expect(stolen.json()).toMatchObject({ error: 'invalid_grant' });
    // None of those used the code up: the rightful client still redeems it.
    const right = await tokenRequest(h, { ...base, code_verifier: verifier });
    expect(right.statusCode).toBe(200);
    expect(right.headers['cache-control']).toBe('no-store');
  });

  it('a reused code is refused and revokes the tokens issued for it', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens, code, verifier } = await authorizedTokens(h, client);
    const again = await redeem(h, client, code, verifier);
    expect(again.json()).toMatchObject({ error: 'invalid_grant' });
    const id = await connectionId(h);
    expect((await postAs(h, tokens.access_token, id)).statusCode).toBe(401);
    expect((await refresh(h, client, tokens.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('an expired code (OAUTH_AUTH_CODE_TTL) is refused', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { verifier, challenge } = pkcePair();
    const landed = await authorizeThroughLinkedIn(h, client, { code_challenge: challenge });
    h.clock.now += 601_000;
    const late = await redeem(h, client, landed.searchParams.get('code')!, verifier);
    expect(late.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('client authentication: unknown client → 401 invalid_client; a confidential client needs its secret', async () => {
    const h = harness();
    const unknown = await tokenRequest(h, {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: 'lbc_nobody',
    });
    expect([unknown.statusCode, unknown.json()]).toEqual([
      401,
      expect.objectContaining({ error: 'invalid_client' }),
    ]);
    const confidential = await registeredClient(h, { token_endpoint_auth_method: 'client_secret_basic' });
    const basic = (secret: string) =>
      `Basic ${Buffer.from(`${confidential.client_id}:${secret}`).toString('base64')}`;
    const wrong = await tokenRequest(
      h,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { authorization: basic('nope') },
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('Basic');
    const right = await tokenRequest(
      h,
      { grant_type: 'refresh_token', refresh_token: 'lbrt_unknown' },
      { authorization: basic(confidential.client_secret!) },
    );
    expect(right.json()).toMatchObject({ error: 'invalid_grant' });
    const unsupported = await tokenRequest(h, { grant_type: 'password', client_id: confidential.client_id });
    expect(unsupported.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('an unsupported grant type or a repeated parameter is refused with its RFC code', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const password = await tokenRequest(h, { grant_type: 'password', client_id: client.client_id });
    expect(password.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const repeated = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=authorization_code&code=a&code=b&client_id=${client.client_id}`,
    });
    expect(repeated.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('refresh tokens: rotation and reuse detection', () => {
  it('each refresh rotates; a reused refresh token revokes the whole family', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens } = await authorizedTokens(h, client);
    const first = await refresh(h, client, tokens.refresh_token);
    expect(first.statusCode).toBe(200);
    const rotated = first.json<Tokens>();
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const id = await connectionId(h);
    expect((await postAs(h, rotated.access_token, id)).statusCode).toBe(202);

    const reuse = await refresh(h, client, tokens.refresh_token);
    expect(reuse.json()).toMatchObject({ error: 'invalid_grant' });
    // The thief's reuse ended the family: the rotated tokens are dead too.
    expect((await refresh(h, client, rotated.refresh_token)).json()).toMatchObject({
      error: 'invalid_grant',
    });
    const dead = await postAs(h, rotated.access_token, id);
    expect(dead.statusCode).toBe(401);
    expect(dead.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('a refresh may narrow the scope, never widen it', async () => {
    const h = harness();
    const client = await registeredClient(h, { scope: 'posts:write' });
    const { tokens } = await authorizedTokens(h, client);
    expect(tokens.scope).toBe('posts:write');
    const widened = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: client.client_id,
      scope: 'posts:write connections:read',
    });
    expect(widened.json()).toMatchObject({ error: 'invalid_scope' });
    // Refused before use: the token still works.
    expect((await refresh(h, client, tokens.refresh_token)).statusCode).toBe(200);
  });
});

describe('POST /oauth/revoke (RFC 7009)', () => {
  it('revoking the refresh token ends its access tokens; unknown tokens answer 200', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens } = await authorizedTokens(h, client);
    const revoke = (token: string) =>
      h.app.inject({
        method: 'POST',
        url: '/oauth/revoke',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token, client_id: client.client_id }).toString(),
      });
    expect((await revoke('lbrt_never-issued')).statusCode).toBe(200);
    expect((await revoke(tokens.refresh_token)).statusCode).toBe(200);
    const id = await connectionId(h);
    expect((await postAs(h, tokens.access_token, id)).statusCode).toBe(401);
    expect((await refresh(h, client, tokens.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('bearer tokens on the REST API', () => {
  it('a token is refused for another tenant’s connection, beyond its scope and on API-key-only routes', async () => {
    const h = harness();
    const client = await registeredClient(h, { scope: 'connections:read' });
    const { tokens } = await authorizedTokens(h, client);
    const own = await connectionId(h);
    await h.keeper.waitFor(own);

    const foreign = await tenantBConnection(h);
    const cross = await h.app.inject({
      url: `/v1/connections/${foreign}`,
      headers: bearer(tokens.access_token),
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json()).toMatchObject({ error: { code: 'insufficient_scope' } });
    expect(cross.headers['www-authenticate']).toContain('error="insufficient_scope"');
    const postForeign = await postAs(h, tokens.access_token, foreign);
    expect(postForeign.statusCode).toBe(403);
    // connections:read only: publishing is beyond the token's scope.
    const unscoped = await postAs(h, tokens.access_token, own);
    expect(unscoped.statusCode).toBe(403);
    expect(unscoped.headers['www-authenticate']).toContain('insufficient_scope');
    // Tenant-wide routes stay API-key only.
    const list = await h.app.inject({
      url: '/v1/connections?tenantId=tenant-a',
      headers: bearer(tokens.access_token),
    });
    expect(list.statusCode).toBe(401);
    const removed = await h.app.inject({
      method: 'DELETE',
      url: `/v1/connections/${own}`,
      headers: bearer(tokens.access_token),
    });
    expect(removed.statusCode).toBe(401);
  });

  it('a malformed or unknown bearer gets 401 with a challenge pointing at the resource metadata', async () => {
    const h = harness();
    const response = await postAs(h, 'lbat_forged', 'c1');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(
      /^Bearer resource_metadata="http:\/\/gateway\.test\/\.well-known\/oauth-protected-resource", error="invalid_token"/,
    );
  });
});

describe('what the authorization server stores', () => {
  it('holds codes and tokens only as digests', async () => {
    const h = harness();
    const client = await registeredClient(h, { token_endpoint_auth_method: 'client_secret_post' });
    const { verifier, challenge } = pkcePair();
    const landed = await authorizeThroughLinkedIn(h, client, { code_challenge: challenge });
    const code = landed.searchParams.get('code')!;
    const response = await redeem(h, client, code, verifier);
    const tokens = response.json<Tokens>();
    const secrets = [code, tokens.access_token, tokens.refresh_token, client.client_secret!];
    const stored: string[] = [];
    for (const bucket of [OAUTH_GRANTS_BUCKET, 'gateway_oauth_clients']) {
      const kv = await new Kvm(h.nc).open(bucket);
      for await (const key of await kv.keys()) {
        stored.push(key, (await kv.get(key))?.string() ?? '');
      }
    }
    expect(stored.length).toBeGreaterThan(4);
    for (const secret of secrets) expect(stored.join('\n')).not.toContain(secret);
  });
});

async function tenantBConnection(h: GatewayHarness): Promise<string> {
  const response = await h.app.inject({
    method: 'POST',
    url: '/v1/connections/authorize',
    headers: bearer(OTHER_TENANT_KEY),
    payload: { tenantId: 'tenant-b', kind: 'member' },
  });
  const url = new URL(response.json<{ authorizeUrl: string }>().authorizeUrl);
  const { consentUrl, cookie } = await h.start(`${url.pathname}${url.search}`);
  const callbackUrl = await h.consent(consentUrl, 'allow');
  await h.callback(callbackUrl, cookie);
  const list = await h.app.inject({
    url: '/v1/connections?tenantId=tenant-b',
    headers: bearer(OTHER_TENANT_KEY),
  });
  const [first] = list.json<{ connections: { connectionId: string }[] }>().connections;
  if (!first) throw new Error('tenant-b did not connect');
  await h.keeper.waitFor(first.connectionId);
  return first.connectionId;
}
