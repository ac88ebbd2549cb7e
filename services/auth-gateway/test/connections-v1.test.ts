import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokenRefreshDue, tokenRevoked } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness } from './harness.ts';

// No refresh executor runs here: a manual refresh is never stored, so its wait is kept short.
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { CONFIRM_TIMEOUT_MS: '1000' },
);
const as = (key: string) => ({ authorization: `Bearer ${key}` });

describe('connection API', () => {
  it('gets and lists a connection without any token, sealed or not', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const one = await h.app.inject({
      method: 'GET',
      url: `/v1/connections/${connectionId}`,
      headers: as(API_KEY),
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      connectionId,
      tenantId: 'tenant-a',
      status: 'active',
      member: { sub: h.emulator.defaultMember.sub, name: h.emulator.defaultMember.name },
      organizations: [],
    });
    expect(one.body).not.toMatch(/v1\.test\.|AQ[A-Za-z0-9_-]{40}/);

    const list = await h.app.inject({
      method: 'GET',
      url: '/v1/connections?tenantId=tenant-a',
      headers: as(API_KEY),
    });
    expect(list.statusCode).toBe(200);
    expect(
      list.json<{ connections: { connectionId: string }[] }>().connections.map((c) => c.connectionId),
    ).toEqual([connectionId]);
  });

  it("one tenant never reads or changes another's connection: 404 for the connection, 403 for the list", async () => {
    const h = harness();
    const connectionId = await h.connected();
    for (const [method, url] of [
      ['GET', `/v1/connections/${connectionId}`],
      ['DELETE', `/v1/connections/${connectionId}`],
      ['POST', `/v1/connections/${connectionId}/refresh`],
    ] as const) {
      const response = await h.app.inject({ method, url, headers: as(OTHER_TENANT_KEY) });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const list = await h.app.inject({
      method: 'GET',
      url: '/v1/connections?tenantId=tenant-a',
      headers: as(OTHER_TENANT_KEY),
    });
    expect(list.statusCode).toBe(403);
    expect(list.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(h.events.filter((e) => e.subject !== 'token.issued')).toHaveLength(0);
    expect(await h.emulatorCalls('/oauth/v2/revoke')).toBe(0);
    expect(await h.tokenExchanges()).toBe(1);
  });

  it('401 without a key, 404 for an unknown id, 400 for a malformed id or a missing tenantId', async () => {
    const h = harness();
    expect((await h.app.inject({ method: 'GET', url: '/v1/connections/conn_x' })).statusCode).toBe(401);
    const unknown = await h.app.inject({
      method: 'GET',
      url: '/v1/connections/conn_unknown',
      headers: as(API_KEY),
    });
    expect(unknown.statusCode).toBe(404);
    const bad = await h.app.inject({
      method: 'GET',
      url: '/v1/connections/not%20an%20id',
      headers: as(API_KEY),
    });
    expect(bad.statusCode).toBe(400);
    const noTenant = await h.app.inject({ method: 'GET', url: '/v1/connections', headers: as(API_KEY) });
    expect(noTenant.statusCode).toBe(400);
    expect(noTenant.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('DELETE revokes both tokens at LinkedIn, emits token.revoked and answers 204', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const response = await h.app.inject({
      method: 'DELETE',
      url: `/v1/connections/${connectionId}`,
      headers: as(API_KEY),
    });
    expect(response.statusCode).toBe(204);
    expect(await h.emulatorCalls('/oauth/v2/revoke')).toBe(2);
    const revoked = h.events.filter((e) => e.subject === 'token.revoked');
    expect(revoked).toHaveLength(1);
    expect(tokenRevoked.parse(JSON.parse(revoked[0]?.data ?? '')).connectionId).toBe(connectionId);
    await h.keeper.waitFor(connectionId, (r) => r.status === 'revoked');
    const after = await h.app.inject({
      method: 'GET',
      url: `/v1/connections/${connectionId}`,
      headers: as(API_KEY),
    });
    expect(after.json()).toMatchObject({ status: 'revoked' });
  });

  it('POST refresh answers 202 and emits a refresh.due for the current token; 409 once revoked', async () => {
    const h = harness();
    const connectionId = await h.connected();
    h.clock.now += 1000; // the request comes after the connect (this harness's clock stands still otherwise)
    const response = await h.app.inject({
      method: 'POST',
      url: `/v1/connections/${connectionId}/refresh`,
      headers: as(API_KEY),
    });
    expect(response.statusCode).toBe(202);
    // Nothing refreshes here, so nothing newer is stored within CONFIRM_TIMEOUT_MS: still only requested.
    expect(response.json()).toEqual({ connectionId, status: 'refresh_requested' });
    await waitFor(() => h.events.some((e) => e.subject === 'token.refresh.due'));
    const due = tokenRefreshDue.parse(
      JSON.parse(h.events.find((e) => e.subject === 'token.refresh.due')?.data ?? ''),
    );
    expect(due).toMatchObject({
      connectionId,
      accessTokenExpiresAt: h.keeper.records.get(connectionId)?.accessTokenExpiresAt,
    });

    await h.app.inject({ method: 'DELETE', url: `/v1/connections/${connectionId}`, headers: as(API_KEY) });
    await h.keeper.waitFor(connectionId, (r) => r.status === 'revoked');
    const again = await h.app.inject({
      method: 'POST',
      url: `/v1/connections/${connectionId}/refresh`,
      headers: as(API_KEY),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'revoked' } });
  });

  it('503 token_keeper_unavailable when token-keeper does not answer', async () => {
    const h = harness();
    await h.keeper.stop();
    const response = await h.app.inject({
      method: 'GET',
      url: '/v1/connections/conn_abc',
      headers: as(API_KEY),
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: 'token_keeper_unavailable' } });
  });
});
