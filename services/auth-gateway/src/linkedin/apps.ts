import type { GatewayConfig } from '../config.ts';
import type { LinkedInApp } from './oauth-client.ts';

/** Who a connection posts as: the member, or Company Pages they administer (possibly on a second app). */
export type ConnectionKind = 'member' | 'organization';

/** The LinkedIn app and scopes a flow of `kind` uses: Company Pages may run on a second app. */
export function linkedInAppFor(
  config: Pick<GatewayConfig, 'linkedin'>,
  kind: ConnectionKind,
): LinkedInApp & { scopes: string[]; version: readonly string[] } {
  const { linkedin } = config;
  const base = {
    redirectUri: linkedin.redirectUri,
    authBase: linkedin.authBase,
    apiBase: linkedin.apiBase,
    timeoutMs: linkedin.timeoutMs,
    version: linkedin.version,
  };
  return kind === 'organization'
    ? { ...base, ...linkedin.organizationClient, scopes: linkedin.organizationScopes }
    : {
        ...base,
        clientId: linkedin.clientId,
        clientSecret: linkedin.clientSecret,
        scopes: linkedin.memberScopes,
      };
}
