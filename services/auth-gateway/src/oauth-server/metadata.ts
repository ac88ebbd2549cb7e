import type { HttpApp } from '@li-bus/service-kit';
import { resources } from '../oauth-core/resources.ts';
import { OAUTH_SCOPES } from '../oauth-core/scopes.ts';

/** RFC 8414 authorization server metadata and RFC 9728 protected resource metadata. */
export function registerOAuthMetadata(
  app: HttpApp,
  options: { issuer: string; registration: boolean },
): void {
  const { issuer } = options;
  const cache = { 'cache-control': 'public, max-age=3600' };
  const serverMetadata = {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    ...(options.registration ? { registration_endpoint: `${issuer}/oauth/register` } : {}),
    scopes_supported: OAUTH_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    authorization_response_iss_parameter_supported: true,
    // A `client_id` may be the https URL of the client's metadata document (client-id-url.ts).
    client_id_metadata_document_supported: true,
    service_documentation: `${issuer}/docs`,
  };
  app.get('/.well-known/oauth-authorization-server', async (_request, reply) =>
    reply.headers(cache).send(serverMetadata),
  );
  const resourceMetadata = (resource: string, name: string) => ({
    resource,
    authorization_servers: [issuer],
    scopes_supported: OAUTH_SCOPES,
    bearer_methods_supported: ['header'],
    resource_name: name,
  });
  const { api, mcp } = resources(issuer);
  app.get('/.well-known/oauth-protected-resource', async (_request, reply) =>
    reply.headers(cache).send(resourceMetadata(api, 'LinkedIn posting API')),
  );
  app.get('/.well-known/oauth-protected-resource/mcp', async (_request, reply) =>
    reply.headers(cache).send(resourceMetadata(mcp, 'LinkedIn posting MCP server')),
  );
}
