import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { useGatewayHarness } from './harness.ts';
import { agentToken } from './mcp-calls.ts';
import { listening } from './mcp-wire.ts';

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open' },
);

describe('/mcp serves both protocol revisions, chosen by what the client sends', () => {
  it('2025-11-25: the SDK 1.x client initializes, lists the tools and publishes a post', async () => {
    const h = harness();
    const { token, connectionId } = await agentToken(h);
    const { url, exchanges, fetch } = await listening(h);
    const requested: string[] = [];
    const sub = h.nc.subscribe(SUBJECTS.postRequested, {
      callback: (_e, m) => void requested.push(m.string()),
    });
    onTestFinished(() => sub.unsubscribe());
    await h.nc.flush();

    const client = new ClientV1({ name: 'test-agent-v1', version: '1.0.0' });
    const transport = new TransportV1(url, {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
      fetch,
    });
    await client.connect(transport);
    onTestFinished(() => client.close());
    expect(client.getServerVersion()).toMatchObject({ name: 'linkedin-bus' });

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('publish_post');
    const result = await client.callTool({
      name: 'publish_post',
      arguments: { requestId: 'v1-post', text: 'From a 2025 client', waitSeconds: 0 },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ requestId: 'v1-post', connectionId, status: 'queued' });
    await waitFor(() => requested.length === 1);
    // A refusal's structuredContent is checked against the output schema by this client too: it must pass.
    const unknown = await client.callTool({ name: 'get_post_status', arguments: { requestId: 'nobody' } });
    expect(unknown).toMatchObject({ isError: true, structuredContent: { error: { code: 'not_found' } } });

    expect(exchanges[0]?.method).toBe('initialize');
    const after = exchanges.filter((e) => e.method !== 'initialize');
    expect(after.every((e) => e.protocolVersion === '2025-11-25')).toBe(true);
    expect(exchanges.every((e) => e.sessionId === null)).toBe(true);
  });

  it('2026-07-28: the SDK 2.x client discovers (no initialize, no session), lists the tools and calls one', async () => {
    const h = harness();
    const { token, connectionId } = await agentToken(h);
    const { url, exchanges, fetch } = await listening(h);

    const client = new ClientV2(
      { name: 'test-agent-v2', version: '2.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    const transport = new TransportV2(url, {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
      fetch,
    });
    await client.connect(transport);
    onTestFinished(() => client.close());
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'cancel_post',
      'delete_post',
      'edit_post',
      'get_connection_status',
      'get_post_status',
      'list_connections',
      'publish_post',
      'upload_media',
    ]);
    const status = await client.callTool({ name: 'get_connection_status', arguments: {} });
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toMatchObject({ connectionId, quota: { limit: 150 } });

    const methods = exchanges.map((e) => e.method);
    expect(methods).not.toContain('initialize');
    expect(methods).toContain('server/discover');
    expect(exchanges.every((e) => e.sessionId === null)).toBe(true);
    const call = exchanges.find((e) => e.method === 'tools/call');
    expect(call).toMatchObject({
      protocolVersion: '2026-07-28',
      mcpMethod: 'tools/call',
      mcpName: 'get_connection_status',
    });
  });
});
