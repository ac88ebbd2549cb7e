import { randomUUID } from 'node:crypto';
import { SUBJECTS } from '@li-bus/contracts';
import type { GatewayHarness } from './harness.ts';
import { authorizedTokens, registeredClient } from './oauth-flow.ts';

/** A `tools/call` answer as a 2025-11-25 client reads it. */
export interface ToolResult {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
}

/** One JSON-RPC request to `/mcp` as a 2025-11-25 client sends it (no session: the endpoint keeps none). */
export const mcpRequest = (h: GatewayHarness, token: string, method: string, params: unknown = {}) =>
  h.app.inject({
    method: 'POST',
    url: '/mcp',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
    },
    payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });

/** `tools/call`; fails the test unless the endpoint answered 200 with a result. */
export async function callTool(
  h: GatewayHarness,
  token: string,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolResult> {
  const response = await mcpRequest(h, token, 'tools/call', { name, arguments: args });
  if (response.statusCode !== 200)
    throw new Error(`${name} answered ${response.statusCode}: ${response.body}`);
  const body = response.json<{ result?: ToolResult; error?: unknown }>();
  if (!body.result) throw new Error(`${name} answered ${response.body}`);
  return body.result;
}

/** A token (PKCE through the emulator) granted `scope` (all by default), and its connection once stored. */
export async function agentToken(h: GatewayHarness, scope?: string) {
  const params = scope === undefined ? {} : { scope };
  const { tokens } = await authorizedTokens(h, await registeredClient(h), params);
  const { connection_id: connectionId } = tokens as unknown as { connection_id: string };
  await h.keeper.waitFor(connectionId);
  return { token: tokens.access_token, connectionId };
}

/** A connection of another member in `tenantId`, as token-keeper would hold it after a connect. */
export async function otherConnection(h: GatewayHarness, tenantId: string): Promise<string> {
  const connectionId = `conn_${randomUUID().replaceAll('-', '')}`;
  await h.deps.events.publish(SUBJECTS.tokenIssued, {
    eventId: randomUUID(),
    connectionId,
    tenantId,
    member: { sub: `m-${connectionId}`, name: 'M' },
    organizations: [],
    scopes: ['w_member_social'],
    accessToken: h.keyring.seal('access-token', connectionId),
    accessTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    issuedAt: new Date().toISOString(),
  });
  await h.keeper.waitFor(connectionId);
  return connectionId;
}
