import { describe, expect, it } from 'vitest';
import { createInMemoryTokenKeeper, type StoredTokens } from './in-memory-token-keeper.ts';
import { TokensGetError } from './tokens-get-error.ts';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const sealed = (n: number) => `v1.k1.AAAAAAAAAAAAAAAA.dG9rZW4${n}.AAAAAAAAAAAAAAAAAAAAAA`;

function tokens(connectionId: string, issuedAt: number, extra: Partial<StoredTokens> = {}): StoredTokens {
  return {
    connectionId,
    tenantId: 'tenant-a',
    member: { sub: 'm1', name: 'Ada' },
    organizations: [],
    scopes: ['openid', 'w_member_social'],
    accessToken: sealed(issuedAt % 10),
    accessTokenExpiresAt: iso(issuedAt + 3600_000),
    issuedAt: iso(issuedAt),
    ...extra,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => new Error('expected a refusal'),
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TokensGetError);
  return (error as TokensGetError).code;
}

describe('in-memory token-keeper', () => {
  const keeperAt = () => {
    const clock = { now: NOW };
    return { clock, keeper: createInMemoryTokenKeeper({ now: () => clock.now }) };
  };

  it('answers a stored connection and not_found for any other', async () => {
    const { keeper } = keeperAt();
    keeper.store(tokens('conn-1', NOW));
    await expect(keeper.get('conn-1')).resolves.toMatchObject({
      accessToken: sealed(NOW % 10),
      status: 'active',
    });
    await expect(keeper.status('conn-1')).resolves.toMatchObject({ connectedAt: iso(NOW), status: 'active' });
    await expect(keeper.list('tenant-a')).resolves.toHaveLength(1);
    await expect(keeper.list('tenant-b')).resolves.toEqual([]);
    expect(await codeOf(keeper.get('conn-2'))).toBe('not_found');
    expect(await codeOf(keeper.status('conn-2'))).toBe('not_found');
  });

  it('keeps newer tokens over a stale event, and the stored refresh token when an event has none', async () => {
    const { keeper } = keeperAt();
    keeper.store(
      tokens('conn-1', NOW, { refreshToken: sealed(7), refreshTokenExpiresAt: iso(NOW + 86_400_000) }),
    );
    keeper.store(tokens('conn-1', NOW - 1000, { accessToken: sealed(1) }));
    expect((await keeper.get('conn-1')).accessToken).toBe(sealed(NOW % 10));
    keeper.store(tokens('conn-1', NOW + 1000, { accessToken: sealed(2) }));
    expect((await keeper.get('conn-1')).accessToken).toBe(sealed(2));
    await expect(keeper.refreshToken('conn-1')).resolves.toMatchObject({ refreshToken: sealed(7) });
    expect((await keeper.status('conn-1')).connectedAt).toBe(iso(NOW));
  });

  it('refuses with revoked, reauth_required and expired like token-keeper', async () => {
    const { keeper, clock } = keeperAt();
    keeper.store(tokens('conn-revoked', NOW));
    keeper.revoke('conn-revoked', iso(NOW + 1));
    expect(await codeOf(keeper.get('conn-revoked'))).toBe('revoked');
    expect(await codeOf(keeper.refreshToken('conn-revoked'))).toBe('revoked');
    expect((await keeper.status('conn-revoked')).status).toBe('revoked');

    keeper.store(tokens('conn-reauth', NOW));
    keeper.setStatus('conn-reauth', 'reauth_required');
    expect(await codeOf(keeper.get('conn-reauth'))).toBe('reauth_required');

    keeper.store(tokens('conn-expired', NOW));
    expect(await codeOf(keeper.refreshToken('conn-expired'))).toBe('reauth_required'); // no refresh token
    clock.now = NOW + 3600_000;
    expect(await codeOf(keeper.get('conn-expired'))).toBe('expired');
    expect((await keeper.status('conn-expired')).status).toBe('expired');
  });

  it('ignores a revoke older than the stored tokens (a reconnect after it)', async () => {
    const { keeper } = keeperAt();
    keeper.store(tokens('conn-1', NOW));
    keeper.revoke('conn-1', iso(NOW - 1));
    await expect(keeper.get('conn-1')).resolves.toMatchObject({ status: 'active' });
  });

  it('awaitStored answers once the write is stored, and not_stored after waitMs', async () => {
    const { keeper } = keeperAt();
    const request = {
      connectionId: 'conn-1',
      event: 'token.issued',
      version: iso(NOW),
      waitMs: 5000,
    } as const;
    const pending = keeper.awaitStored(request, 6000);
    keeper.store(tokens('conn-1', NOW));
    await expect(pending).resolves.toMatchObject({ connectionId: 'conn-1', status: 'active' });
    const later = { ...request, version: iso(NOW + 1), waitMs: 20 };
    expect(await codeOf(keeper.awaitStored(later, 1000))).toBe('not_stored');
    keeper.revoke('conn-1', iso(NOW + 5));
    const revoked = { ...request, event: 'token.revoked', version: iso(NOW + 5) } as const;
    await expect(keeper.awaitStored(revoked, 1000)).resolves.toMatchObject({ status: 'revoked' });
  });
});
