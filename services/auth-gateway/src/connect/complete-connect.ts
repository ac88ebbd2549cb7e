import { randomUUID } from 'node:crypto';
import { SUBJECTS, type Member, type Organization } from '@li-bus/contracts';
import type { ConnectDeps } from './connect-deps.ts';
import type { StartedConnect } from './connect-sessions.ts';
import { CallbackError } from '../http/errors.ts';
import { exchangeCode } from '../linkedin/oauth-client.ts';
import { readMember } from '../linkedin/read-member.ts';
import { sealedTokenFields } from '../linkedin/sealed-token-fields.ts';
import { fetchAdministeredOrganizations } from '../linkedin/organizations.ts';
import { linkedInAppFor } from '../linkedin/apps.ts';
import { connectionIdFor } from './connection-id.ts';
import { confirmStored } from './confirm-stored.ts';

export interface ConnectResult {
  connectionId: string;
  member: Member;
  organizations: Organization[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Code → tokens → member (→ Pages) → earlier OAuth grants ended → `token.issued` → stored by token-keeper
 * (`CONFIRM_TIMEOUT_MS`). Every failure is a CallbackError with a design code.
 */
export async function completeConnect(
  deps: Omit<ConnectDeps, 'sessions' | 'completeAuthorization'>,
  started: StartedConnect,
  code: string,
): Promise<ConnectResult> {
  const linkedin = linkedInAppFor(deps.config, started.kind);
  const grant = await exchangeCode(linkedin, code).catch((cause: unknown) => {
    throw new CallbackError('token_exchange_failed', 'the code exchange failed', { cause });
  });
  const member = await readMember(linkedin, grant).catch((cause: unknown) => {
    throw new CallbackError('token_exchange_failed', 'reading the member failed', { cause });
  });
  let organizations: Organization[] = [];
  if (started.kind === 'organization') {
    organizations = await fetchAdministeredOrganizations(
      linkedin,
      grant.accessToken,
      deps.linkedinVersions,
    ).catch((cause: unknown) => {
      throw new CallbackError('token_exchange_failed', 'reading the Pages the member administers failed', {
        cause,
      });
    });
    if (started.organizationUrn) {
      organizations = organizations.filter((o) => o.urn === started.organizationUrn);
      if (organizations.length === 0) {
        throw new CallbackError(
          'authorization_denied',
          'the member does not administer the pre-selected Page',
        );
      }
    }
  }
  const connectionId = connectionIdFor(started.tenantId, member.sub);
  // Connecting again replaces the connection: OAuth grants made for it before end here. An `/oauth/authorize`
  // flow issues its code after this, in the new generation.
  await deps.oauth.grants.endConnectionGrants(connectionId).catch((cause: unknown) => {
    throw new CallbackError('internal_error', 'ending the earlier OAuth grants failed', { cause });
  });
  const issuedAt = deps.now();
  const version = iso(issuedAt);
  // Read your writes: the browser reaches returnTo only once `GET /v1/connections/:id` answers this connection.
  // token-keeper is asked to confirm the write as it is published (it waits for it), not one round trip later.
  const stored = confirmStored(deps, { connectionId, event: SUBJECTS.tokenIssued, version }).catch(
    (cause: unknown) => {
      throw new CallbackError('internal_error', 'token-keeper did not confirm the stored connection', {
        cause,
      });
    },
  );
  // A failed publish answers first; the confirmation then ends on its own, unread.
  stored.catch(() => undefined);
  await deps.events
    .publish(SUBJECTS.tokenIssued, {
      eventId: randomUUID(),
      connectionId,
      tenantId: started.tenantId,
      member,
      organizations,
      scopes: grant.scopes,
      ...sealedTokenFields(deps, connectionId, grant, issuedAt),
      issuedAt: version,
    })
    .catch((cause: unknown) => {
      throw new CallbackError('internal_error', 'publishing token.issued failed', { cause });
    });
  await stored;
  return { connectionId, member, organizations };
}
