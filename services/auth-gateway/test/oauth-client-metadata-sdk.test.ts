import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { PUBLIC_ORIGIN, useGatewayHarness, type GatewayHarness } from './harness.ts';
import { json, startDocumentServer } from './document-server.ts';
import { consentForm, postConsent } from './oauth-flow.ts';

const docs = await startDocumentServer();
afterAll(() => docs.close());

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_CLIENT_METADATA_INSECURE_HOSTS: docs.host },
);

const REDIRECT_URI = 'http://127.0.0.1:53683/mcp-callback';
const METADATA_URL = `https://${docs.host}/sdk/client.json`;

/** The MCP SDK client's OAuth state, with a metadata document URL instead of a registration. */
class DocumentProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;
  readonly clientMetadataUrl = METADATA_URL;
  get redirectUrl() {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { redirect_uris: [REDIRECT_URI], client_name: 'SDK agent', token_endpoint_auth_method: 'none' };
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The SDK's HTTP calls to the gateway, answered by the app in process (the gateway is not listening). */
function gatewayFetch(h: GatewayHarness) {
  return async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const response = await h.app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      // The SDK sends JSON-RPC and token requests as strings or form parameters.
      ...(typeof init?.body === 'string' || init?.body instanceof URLSearchParams
        ? { payload: init.body.toString() }
        : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(name, String(value));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : response.rawPayload, { status: response.statusCode, headers });
  };
}

describe('the official MCP SDK client (1.x) with a Client ID Metadata Document', () => {
  it('discovers CIMD support, uses its URL as client_id, and after consent and PKCE calls a tool', async () => {
    const h = harness();
    docs.routes.set(
      '/sdk/client.json',
      json({
        client_id: METADATA_URL,
        client_name: 'SDK agent',
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    );
    const provider = new DocumentProvider();
    const fetch = gatewayFetch(h);
    const mcpUrl = new URL('/mcp', PUBLIC_ORIGIN);

    const first = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch });
    await expect(new Client({ name: 'sdk', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    // No registration: the SDK chose the metadata document because our metadata says it is supported.
    expect(provider.client?.client_id).toBe(METADATA_URL);
    const authorizationUrl = provider.authorizationUrl!;
    const page = await h.app.inject({ url: `${authorizationUrl.pathname}${authorizationUrl.search}` });
    expect(page.statusCode).toBe(200);
    const allowed = await postConsent(h, consentForm(page), 'allow-member');
    const connect = allowed.cookies.find((c) => c.name === 'li_connect');
    const callbackUrl = await h.consent(new URL(String(allowed.headers.location)), 'allow');
    const { location } = await h.callback(callbackUrl, `${connect?.name}=${connect?.value}`);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    await first.finishAuth(location.searchParams.get('code') ?? '');
    expect(provider.saved?.access_token).toMatch(/^lbat_/);

    const client = new Client({ name: 'sdk', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch }));
    try {
      const status = await client.callTool({ name: 'get_connection_status', arguments: {} });
      expect(status.isError).toBeFalsy();
    } finally {
      await client.close();
    }
    expect(docs.requests.get('/sdk/client.json')).toBe(1);
  });
});
