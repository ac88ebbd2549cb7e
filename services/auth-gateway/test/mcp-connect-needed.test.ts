import {
  Client,
  StreamableHTTPClientTransport,
  type ElicitRequestURLParams,
} from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { PUBLIC_ORIGIN, useGatewayHarness, type GatewayHarness } from './harness.ts';
import { agentToken, callTool } from './mcp-calls.ts';
import { listening } from './mcp-wire.ts';

// The connect page serves the agents' tenant: that page is where a member connects.
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open', CONNECT_PAGE_TENANT: 'tenant-a' },
);
const CONNECT_URL = `${PUBLIC_ORIGIN}/connect`;

/** A token whose LinkedIn connection now needs the member to sign in again, and the bus's post requests. */
async function signedOut(h: GatewayHarness) {
  const agent = await agentToken(h);
  h.keeper.setStatus(agent.connectionId, 'reauth_required');
  const requested: string[] = [];
  const sub = h.nc.subscribe(SUBJECTS.postRequested, {
    callback: (_e, m) => void requested.push(m.string()),
  });
  onTestFinished(() => sub.unsubscribe());
  await h.nc.flush();
  return { ...agent, requested };
}

/** A 2026-07-28 client; with `elicitation`, it declares URL-mode elicitation and answers with `answer`. */
async function modernClient(
  h: GatewayHarness,
  token: string,
  elicitation?: (params: ElicitRequestURLParams) => 'accept' | 'decline',
) {
  const { url, fetch } = await listening(h);
  const client = new Client(
    { name: 'test-agent', version: '2.0.0' },
    {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
      capabilities: elicitation ? { elicitation: { url: {} } } : {},
    },
  );
  if (elicitation) {
    client.setRequestHandler('elicitation/create', async (request) => ({
      action: elicitation(request.params as ElicitRequestURLParams),
    }));
  }
  const headers = { authorization: `Bearer ${token}` };
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers }, fetch }));
  onTestFinished(() => client.close());
  return client;
}

const publish = { name: 'publish_post', arguments: { text: 'Hello', waitSeconds: 0 } };

describe('a tool that needs LinkedIn, when the connection needs the member to connect', () => {
  it('2026-07-28 with URL elicitation: asks to open the connect page, then posts once the member connected', async () => {
    const h = harness();
    const { token, connectionId, requested } = await signedOut(h);
    const asked: ElicitRequestURLParams[] = [];
    const client = await modernClient(h, token, (params) => {
      asked.push(params);
      // The member opens the page and connects LinkedIn again.
      h.keeper.setStatus(connectionId, 'active');
      return 'accept';
    });
    const result = await client.callTool(publish);
    expect(asked).toEqual([expect.objectContaining({ mode: 'url', url: CONNECT_URL })]);
    expect(asked[0]?.url).not.toContain(token);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ connectionId, status: 'queued' });
    await h.nc.flush();
    expect(requested).toHaveLength(1);
  });

  it('2026-07-28 with URL elicitation, declined: a tool error carrying the URL, asked once, nothing posted', async () => {
    const h = harness();
    const { token, requested } = await signedOut(h);
    let asked = 0;
    const client = await modernClient(h, token, () => {
      asked += 1;
      return 'decline';
    });
    const result = await client.callTool(publish);
    expect(asked).toBe(1);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      error: { code: 'connection_required', connectUrl: CONNECT_URL },
    });
    await h.nc.flush();
    expect(requested).toEqual([]);
  });

  it('clients without URL elicitation (2026-07-28 or 2025-11-25) get a tool error whose text and structure carry the URL', async () => {
    const h = harness();
    const { token, requested } = await signedOut(h);
    const client = await modernClient(h, token);
    const modern = await client.callTool(publish);
    const legacy = await callTool(h, token, 'publish_post', publish.arguments);
    for (const result of [modern, legacy]) {
      expect(result.isError).toBe(true);
      const { error } = result.structuredContent as { error: Record<string, string> };
      expect(Object.keys(error).sort()).toEqual(['code', 'connectUrl', 'message']);
      expect(error).toMatchObject({ code: 'connection_required', connectUrl: CONNECT_URL });
      expect(error['message']).toContain(CONNECT_URL);
      expect((result.content as { text: string }[])[0]?.text).toContain(CONNECT_URL);
    }
    for (const name of ['edit_post', 'delete_post']) {
      const refused = await callTool(h, token, name, { requestId: 'x', text: 'y', waitSeconds: 0 });
      expect(refused.structuredContent, name).toMatchObject({ error: { code: 'connection_required' } });
    }
    // Reads need no LinkedIn: the connection's status says what is wrong.
    const status = await callTool(h, token, 'get_connection_status');
    expect(status.structuredContent).toMatchObject({ status: 'reauth_required' });
    await h.nc.flush();
    expect(requested).toEqual([]);
  });
});
