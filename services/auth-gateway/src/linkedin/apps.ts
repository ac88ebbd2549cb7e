import type { GatewayConfig } from '../config.ts';
import type { ConnectionKind } from '../connect-sessions.ts';
import type { LinkedInApp } from './oauth-client.ts';

/** The LinkedIn app and scopes a flow of `kind` uses: Company Pages may run on a second app. */
export function linkedInAppFor(
  config: GatewayConfig,
  kind: ConnectionKind,
): LinkedInApp & { scopes: string[]; version: string } {
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
