import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, RETURN_TO, useTestSystem } from './system.ts';

const CONNECTS = 200;
const CONFIRM_TIMEOUT_MS = 2000;
/** token-keeper's durable consumers of `token.issued` / `token.revoked` (token-keeper's names, fixed here). */
const KEEPER_ISSUED_CONSUMER = 'token-keeper-token-issued';
const KEEPER_REVOKED_CONSUMER = 'token-keeper-token-revoked';
/** How far behind token-keeper is made to fall at each connect (the issue's logs: about 25 ms). */
const KEEPER_LAG_MS = 60;
const auth = { authorization: `Bearer ${API_KEY}` };

interface View {
  connectionId: string;
  status: string;
  accessTokenExpiresAt: string;
}

async function call(method: 'GET' | 'POST' | 'DELETE', url: string) {
  const response = await request(url, { method, headers: auth });
  const text = await response.body.text();
  return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as unknown };
}

/** Issue 17: when the browser lands on returnTo, the connection is stored; the same after a revoke or a refresh. */
describe('read your writes: what the gateway answers is stored by token-keeper', () => {
  // 200 browser flows from one address: well past the default per-address rate limit (600/min).
  const gateway = { CONFIRM_TIMEOUT_MS: String(CONFIRM_TIMEOUT_MS), RATE_LIMIT_PER_MINUTE: '100000' };
  const current = useTestSystem({ env: { 'auth-gateway': gateway } });
  const connected: string[] = [];

  it(`${CONNECTS} connects in a row: a GET right after each redirect answers 200 active`, async () => {
    const system = current();
    const added = await request(`${system.emulator.url}/_emulator/members`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        members: Array.from({ length: CONNECTS }, (_, i) => ({ name: `Read Your Writes ${i + 1}` })),
      }),
    });
    const { members } = (await added.body.json()) as { members: { sub: string }[] };
    expect(members).toHaveLength(CONNECTS);
    const jsm = await jetstreamManager(system.nc);
    const misses: string[] = [];
    for (const { sub } of members) {
      // token-keeper falls behind (as under load): its token.issued consumer delivers nothing for a moment.
      await jsm.consumers.pause(
        STREAMS.tokens.name,
        KEEPER_ISSUED_CONSUMER,
        new Date(Date.now() + KEEPER_LAG_MS),
      );
      // Every member is new: before this connect, token-keeper knows nothing of the connection.
      const landed = await connectMember(system.gatewayUrl, { member: sub });
      expect(`${landed.origin}${landed.pathname}`).toBe(RETURN_TO);
      expect(landed.searchParams.get('connected')).toBe('true');
      const connectionId = landed.searchParams.get('connectionId') ?? '';
      const read = await call('GET', `${system.gatewayUrl}/v1/connections/${connectionId}`);
      if (read.status !== 200 || (read.body as View).status !== 'active') {
        misses.push(`${connectionId}: ${read.status} ${JSON.stringify(read.body)}`);
      }
      connected.push(connectionId);
    }
    expect(misses).toEqual([]);
    expect(new Set(connected).size).toBe(CONNECTS);
  });

  it('DELETE: a GET right after the 204 answers revoked', async () => {
    const system = current();
    const connectionId = connected[0] ?? '';
    const jsm = await jetstreamManager(system.nc);
    await jsm.consumers.pause(
      STREAMS.tokens.name,
      KEEPER_REVOKED_CONSUMER,
      new Date(Date.now() + KEEPER_LAG_MS),
    );
    const deleted = await call('DELETE', `${system.gatewayUrl}/v1/connections/${connectionId}`);
    expect(deleted.status).toBe(204);
    const read = await call('GET', `${system.gatewayUrl}/v1/connections/${connectionId}`);
    expect(read).toMatchObject({ status: 200, body: { connectionId, status: 'revoked' } });
  });

  it('manual refresh: 202 `refreshed` with the new expiry, which a GET right after shows', async () => {
    const system = current();
    const connectionId = connected[1] ?? '';
    const url = `${system.gatewayUrl}/v1/connections/${connectionId}`;
    const before = (await call('GET', url)).body as View;
    const refreshed = await call('POST', `${url}/refresh`);
    expect(refreshed).toMatchObject({ status: 202, body: { connectionId, status: 'refreshed' } });
    const { accessTokenExpiresAt } = refreshed.body as View;
    expect(Date.parse(accessTokenExpiresAt)).toBeGreaterThan(Date.parse(before.accessTokenExpiresAt));
    const read = await call('GET', url);
    expect(read).toMatchObject({ status: 200, body: { status: 'active', accessTokenExpiresAt } });
  });

  it('token-keeper stopped: the browser lands on ?error=internal_error and the log says why', async () => {
    const system = current();
    await system.stack.services['token-keeper'].stop();
    const landed = await connectMember(system.gatewayUrl);
    expect(`${landed.origin}${landed.pathname}`).toBe(RETURN_TO);
    expect(landed.searchParams.get('error')).toBe('internal_error');
    expect(landed.searchParams.get('connected')).toBeNull();
    // The gateway's stdout reaches the test through a pipe: the line may arrive just after the redirect.
    const why = await waitFor(
      () => system.logs.find((line) => line.includes('token-keeper did not confirm')),
      {
        timeoutMs: 10_000,
        message: 'the gateway never logged why the connect failed',
      },
    );
    expect(why).toContain('internal_error');
  });
});
