import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { authorizeAsBrowser } from './oauth-browser.ts';
import { useTestSystem } from './system.ts';

const REDIRECT_URI = 'http://127.0.0.1:53683/mcp-callback';

/** An MCP client app's OAuth state, kept in memory; the "browser" is driven by the test. */
class TestProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;
  get redirectUrl() {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      redirect_uris: [REDIRECT_URI],
      client_name: 'MCP SDK test client',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
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

// Dynamic registration without an initial access token, as these clients do (the default is protected).
const system = useTestSystem({ env: { 'auth-gateway': { OAUTH_REGISTRATION: 'open' } } });
/** The access token the first test obtained (the malformed-body test reuses it). */
let authorizedToken = '';

describe('MCP endpoint with the official MCP SDK client and its OAuth support', () => {
  it(
    'authorizes through discovery + registration + PKCE and publishes a post that reaches LinkedIn',
    { timeout: 60_000 },
    async () => {
      const { gatewayUrl, emulator } = system();
      const mcpUrl = new URL('/mcp', gatewayUrl);
      const provider = new TestProvider();

      // First contact: 401 → resource metadata → authorization server → registration → the user is sent to authorize.
      const first = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
      await expect(new Client({ name: 'test', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      expect(provider.client?.client_id).toMatch(/^lbc_/);
      const authorizationUrl = provider.authorizationUrl!;
      expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl.toString());

      const callback = await authorizeAsBrowser(authorizationUrl);
      await first.finishAuth(callback.searchParams.get('code')!);
      expect(provider.saved?.access_token).toMatch(/^lbat_/);
      authorizedToken = provider.saved?.access_token ?? '';

      const client = new Client({ name: 'test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
      try {
        const tools = await client.listTools();
        expect(tools.tools.map((t) => t.name).sort()).toEqual([
          'cancel_post',
          'delete_post',
          'edit_post',
          'get_connection_status',
          'get_post_status',
          'list_connections',
          'publish_post',
          'upload_media',
        ]);

        const connection = await client.callTool({ name: 'get_connection_status', arguments: {} });
        expect(connection.isError).toBeFalsy();
        const view = JSON.parse(textOf(connection)) as { status: string; member: { name: string } };
        expect(view.status).toBe('active');
        expect(view.member.name).toBe(system().emulator.defaultMember.name);
        // Like `GET /v1/connections/:id`: whether it can comment (from its scopes) and today's count.
        expect(view).toMatchObject({ canComment: { member: false }, quota: { used: 0, limit: 150 } });

        const result = await client.callTool({
          name: 'publish_post',
          arguments: { text: 'Hello from an agent (via MCP)', requestId: 'mcp-post-1', waitSeconds: 20 },
        });
        expect(result.isError).toBeFalsy();
        const outcome = JSON.parse(textOf(result)) as { status: string; postUrn?: string };
        expect(outcome.status).toBe('published');
        const posts = (await (await fetch(`${emulator.url}/_emulator/posts`)).json()) as {
          urn: string;
          commentary: string;
        }[];
        expect(posts.find((p) => p.urn === outcome.postUrn)?.commentary).toBe(
          'Hello from an agent \\(via MCP\\)',
        );

        const status = await client.callTool({
          name: 'get_post_status',
          arguments: { requestId: 'mcp-post-1' },
        });
        expect(JSON.parse(textOf(status))).toMatchObject({ status: 'published', postUrn: outcome.postUrn });

        const invalid = await client.callTool({ name: 'publish_post', arguments: { waitSeconds: 0 } });
        expect(invalid.isError).toBe(true);
        expect(textOf(invalid)).toContain('invalid_request');
      } finally {
        await client.close();
      }
    },
  );

  it('answers a malformed JSON-RPC body from an authorized client with 400, not 5xx', async () => {
    const { gatewayUrl } = system();
    const token = authorizedToken;
    expect(token).toMatch(/^lbat_/);
    const post = (body: string) =>
      fetch(`${gatewayUrl}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body,
      });
    // Not JSON: the gateway's body parser refuses it.
    const broken = await post('{"jsonrpc":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_request' } });
    // JSON, but not JSON-RPC: the MCP transport refuses it in JSON-RPC terms.
    const notRpc = await post('{"hello":1}');
    expect(notRpc.status).toBe(400);
    expect(await notRpc.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: expect.any(Number) as number },
    });
  });

  it('refuses requests without a token: 401 with the resource metadata URL', async () => {
    const { gatewayUrl } = system();
    const response = await fetch(`${gatewayUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${gatewayUrl}/.well-known/oauth-protected-resource/mcp"`,
    );
  });
});

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const content = result.content as { type: string; text?: string }[];
  return content.map((c) => c.text ?? '').join('');
}
