import type { ConnectionView } from '@li-bus/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { ConnectionsDeps } from './connections-deps.ts';
import { linkedInAppFor } from '../linkedin/apps.ts';
import { revokeToken } from '../linkedin/oauth-client.ts';

/**
 * Best effort: revokes the connection's access and refresh tokens at LinkedIn (`/oauth/v2/revoke`). LinkedIn
 * does not document the endpoint, so a failure is logged and the connection is still revoked on our side.
 */
export async function revokeAtLinkedIn(
  deps: Pick<ConnectionsDeps, 'config' | 'tokenKeeper' | 'keyring'>,
  view: ConnectionView,
  log: FastifyBaseLogger,
) {
  const app = linkedInAppFor(deps.config, view.organizations.length > 0 ? 'organization' : 'member');
  const sealed: string[] = [];
  const access = await deps.tokenKeeper.get(view.connectionId).catch(() => null);
  if (access) sealed.push(access.accessToken);
  const refresh = await deps.tokenKeeper.refreshToken(view.connectionId).catch(() => null);
  if (refresh) sealed.push(refresh.refreshToken);
  for (const value of sealed) {
    try {
      await revokeToken(app, deps.keyring.open(value, view.connectionId));
    } catch (error) {
      log.warn(
        { err: error, connectionId: view.connectionId },
        'revoking at LinkedIn failed; revoked locally',
      );
    }
  }
}
