import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { API_KEY, useGatewayHarness } from './harness.ts';
import { authorizedTokens, registeredClient } from './oauth-flow.ts';

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open' },
);

const publishCall = (id: number, requestId: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'publish_post', arguments: { text: `batched ${id}`, requestId, waitSeconds: 0 } },
});

describe('POST /mcp refuses JSON-RPC batches', () => {
  it('a batch of two publish_post calls is refused with 400 and a JSON-RPC error; nothing is published', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens } = await authorizedTokens(h, client);
    const list = await h.app.inject({
      url: '/v1/connections?tenantId=tenant-a',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const connectionId = list.json<{ connections: { connectionId: string }[] }>().connections[0]
      ?.connectionId;
    await h.keeper.waitFor(connectionId ?? '');
    const requested: string[] = [];
    const sub = h.nc.subscribe(SUBJECTS.postRequested, {
      callback: (_e, msg) => void requested.push(msg.string()),
    });
    await h.nc.flush();
    const mcp = (payload: unknown) =>
      h.app.inject({
        method: 'POST',
        url: '/mcp',
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
        },
        payload: JSON.stringify(payload),
      });

    const batch = await mcp([publishCall(1, 'batched-1'), publishCall(2, 'batched-2')]);
    expect(batch.statusCode).toBe(400);
    expect(batch.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });

    // A single call afterwards is published: the batch's calls, had they run, would have been seen before it
    // (one gateway connection, messages in order). Counted, not named: the bus may carry a derived request id.
    const single = await mcp(publishCall(3, 'single-1'));
    expect(single.statusCode).toBe(200);
    expect(single.json()).toMatchObject({ id: 3, result: { content: [{ type: 'text' }] } });
    await waitFor(() => requested.length > 0, { message: 'the single call was not published' });
    await h.nc.flush();
    sub.unsubscribe();
    expect(requested).toHaveLength(1);
  });
});
