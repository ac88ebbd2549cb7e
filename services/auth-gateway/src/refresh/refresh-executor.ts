import { randomUUID } from 'node:crypto';
import { SUBJECTS, type TokenRefreshDue } from '@li-bus/contracts';
import { PermanentError, TransientError, type EventPublisher } from '@li-bus/messaging';
import { TokensGetError } from '@li-bus/token-keeper-client';
import { SealError, type Keyring } from '@li-bus/sealing';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config.ts';
import { sealedTokenFields } from '../linkedin/sealed-token-fields.ts';
import { linkedInAppFor } from '../linkedin/apps.ts';
import { LinkedInOAuthError, refreshGrant } from '../linkedin/oauth-client.ts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import type { RefreshGuard } from './refresh-guard.ts';

export interface RefreshExecutorDeps {
  config: GatewayConfig;
  tokenKeeper: TokenKeeperClient;
  guard: RefreshGuard;
  events: EventPublisher;
  keyring: Keyring;
  now: () => number;
}

export type RefreshOutcome = 'refreshed' | 'skipped' | 'reauth_required';

/** LinkedIn answers 400 `invalid_request` for an invalid, expired or revoked refresh token (reference §2). */
const isInvalidRefreshToken = (error: unknown) =>
  error instanceof LinkedInOAuthError && (error.status === 400 || error.status === 401);

/**
 * Handles one `token.refresh.due`: under the connection's cross-replica lock, and only when no refresh has
 * already moved the access token past the due event's expiry, runs one refresh grant and emits
 * `token.refreshed` (or `token.refresh.failed` reauth_required). Transient problems throw TransientError.
 */
export function createRefreshExecutor(deps: RefreshExecutorDeps) {
  const alreadyRefreshed = async (due: Pick<TokenRefreshDue, 'connectionId' | 'accessTokenExpiresAt'>) => {
    const last = await deps.guard.lastRefreshed(due.connectionId);
    if (!last) return false;
    // The due names the token it wants replaced: one already replaced (or older) needs no second grant.
    const dueExpiry = Date.parse(due.accessTokenExpiresAt);
    return dueExpiry <= Date.parse(last.from) || dueExpiry < Date.parse(last.to);
  };

  async function reauthRequired(connectionId: string, message: string): Promise<RefreshOutcome> {
    await deps.events.publish(SUBJECTS.tokenRefreshFailed, {
      eventId: randomUUID(),
      connectionId,
      code: 'reauth_required',
      message,
    });
    return 'reauth_required';
  }

  async function refreshLocked(due: TokenRefreshDue, log: Logger): Promise<RefreshOutcome> {
    if (await alreadyRefreshed(due)) return 'skipped';
    const record = await deps.tokenKeeper.refreshToken(due.connectionId).catch((error: unknown) => {
      if (error instanceof TokensGetError && error.code !== 'internal') return error;
      throw new TransientError('token_keeper_unavailable', 'token-keeper did not answer', { cause: error });
    });
    if (record instanceof TokensGetError) {
      if (record.code === 'reauth_required') return reauthRequired(due.connectionId, record.message);
      log.info({ code: record.code }, 'refresh skipped: the connection cannot be refreshed');
      return 'skipped';
    }
    if (Date.parse(record.accessTokenExpiresAt) > Date.parse(due.accessTokenExpiresAt)) return 'skipped';
    const app = linkedInAppFor(deps.config, record.organizations.length > 0 ? 'organization' : 'member');
    let refreshToken: string;
    try {
      refreshToken = deps.keyring.open(record.refreshToken, record.connectionId);
    } catch (error) {
      // Tampered, sealed for another connection, or under a key rotated out: no retry can open it.
      if (!(error instanceof SealError)) throw error;
      return reauthRequired(
        due.connectionId,
        'the stored refresh token does not open with TOKEN_ENCRYPTION_KEYS',
      );
    }
    const at = deps.now();
    const grant = await refreshGrant(app, refreshToken).catch((error: unknown) => {
      if (isInvalidRefreshToken(error)) return error as LinkedInOAuthError;
      throw new TransientError('linkedin_unavailable', 'the refresh grant failed', { cause: error });
    });
    if (grant instanceof LinkedInOAuthError) {
      return reauthRequired(
        due.connectionId,
        `LinkedIn refused the refresh token (${grant.linkedinError ?? grant.status})`,
      );
    }
    const fields = sealedTokenFields(deps, record.connectionId, grant, at);
    await deps.events.publish(SUBJECTS.tokenRefreshed, {
      eventId: randomUUID(),
      connectionId: record.connectionId,
      tenantId: record.tenantId,
      member: record.member,
      organizations: record.organizations,
      scopes: grant.scopes.length > 0 ? grant.scopes : record.scopes,
      accessToken: fields.accessToken,
      accessTokenExpiresAt: fields.accessTokenExpiresAt,
      // A refresh never replaces the stored refresh token with nothing, and keeps its original expiry.
      refreshToken: fields.refreshToken ?? record.refreshToken,
      ...(record.refreshTokenExpiresAt || fields.refreshTokenExpiresAt
        ? { refreshTokenExpiresAt: record.refreshTokenExpiresAt ?? fields.refreshTokenExpiresAt }
        : {}),
      issuedAt: new Date(at).toISOString(),
    });
    await deps.guard.markRefreshed(record.connectionId, {
      from: record.accessTokenExpiresAt,
      to: fields.accessTokenExpiresAt,
    });
    log.info({ accessTokenExpiresAt: fields.accessTokenExpiresAt }, 'connection refreshed');
    return 'refreshed';
  }

  return {
    async handle(due: TokenRefreshDue, log: Logger): Promise<RefreshOutcome> {
      if (await alreadyRefreshed(due)) return 'skipped';
      const revision = await deps.guard.acquire(due.connectionId);
      if (revision === null) {
        // A replica that finishes releases the lock at once; one that stalled (paused, partitioned) holds it until
        // it expires. Waiting as long as it has been held already (at least 1 s, at most until it expires) looks
        // again soon after a working holder and reaches a stalled one's expiry in a few attempts, not all of them.
        const lock = await deps.guard.lockTiming(due.connectionId);
        const retryAfterMs = lock ? Math.min(Math.max(1000, lock.heldMs), lock.remainingMs + 250) : 1000;
        throw new TransientError('refresh_in_progress', 'another replica is refreshing', { retryAfterMs });
      }
      try {
        return await refreshLocked(due, log);
      } finally {
        await deps.guard.release(due.connectionId, revision);
      }
    },
    /** After the last attempt: the connection's owner learns the refresh did not happen. */
    async giveUp(due: TokenRefreshDue, error: unknown): Promise<void> {
      await deps.events.publish(SUBJECTS.tokenRefreshFailed, {
        eventId: randomUUID(),
        connectionId: due.connectionId,
        code: error instanceof PermanentError ? 'reauth_required' : 'transient',
        message: error instanceof Error ? error.message : 'refresh failed',
      });
    },
  };
}

export type RefreshExecutor = ReturnType<typeof createRefreshExecutor>;
