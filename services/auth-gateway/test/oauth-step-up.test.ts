import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_ORIGIN, useGatewayHarness, type GatewayHarness } from './harness.ts';
import { authorizedTokens, registeredClient } from './oauth-flow.ts';

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open' },
);

const mcp = (h: GatewayHarness, token: string, method: string, params: Record<string, unknown>) =>
  h.app.inject({
    method: 'POST',
    url: '/mcp',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
    },
    payload: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
  });

/** A token granted only `scope`, and the connection it acts for. */
async function tokenWith(h: GatewayHarness, scope: string) {
  const { tokens } = await authorizedTokens(h, await registeredClient(h), { scope });
  const { connection_id: connectionId } = tokens as unknown as { connection_id: string };
  await h.keeper.waitFor(connectionId);
  return { token: tokens.access_token, connectionId };
}

const MCP_METADATA = `${PUBLIC_ORIGIN}/.well-known/oauth-protected-resource/mcp`;

describe('step-up: a token without the scope an operation needs gets 403 insufficient_scope naming it', () => {
  it('MCP tools/call, before the tool runs; other methods still answer', async () => {
    const h = harness();
    const reader = await tokenWith(h, 'connections:read');
    const publish = await mcp(h, reader.token, 'tools/call', {
      name: 'publish_post',
      arguments: { text: 'needs posts:write', waitSeconds: 0 },
    });
    expect(publish.statusCode).toBe(403);
    expect(publish.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${MCP_METADATA}", error="insufficient_scope", scope="posts:write", ` +
        'error_description="this tool needs posts:write"',
    );
    expect(publish.json()).toMatchObject({ error: { code: 'insufficient_scope' } });
    const list = await mcp(h, reader.token, 'tools/list', {});
    expect(list.statusCode).toBe(200);

    const writer = await tokenWith(h, 'posts:write');
    const status = await mcp(h, writer.token, 'tools/call', { name: 'get_connection_status', arguments: {} });
    expect(status.statusCode).toBe(403);
    expect(status.headers['www-authenticate']).toContain('scope="connections:read"');
    expect(status.headers['www-authenticate']).toContain(`resource_metadata="${MCP_METADATA}"`);
  });

  it('REST routes: the challenge names the route scope', async () => {
    const h = harness();
    const writer = await tokenWith(h, 'posts:write');
    const read = await h.app.inject({
      url: `/v1/connections/${writer.connectionId}`,
      headers: { authorization: `Bearer ${writer.token}` },
    });
    expect(read.statusCode).toBe(403);
    const challenge = String(read.headers['www-authenticate']);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="connections:read"');
    expect(challenge).toContain(`resource_metadata="${PUBLIC_ORIGIN}/.well-known/oauth-protected-resource"`);
  });
});
