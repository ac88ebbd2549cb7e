import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, useTestSystem } from './system.ts';

describe('Company Page connect, then a post as the Page through the gateway ingress', () => {
  const current = useTestSystem();

  it('lists the Pages the member administers and publishes as one of them', async () => {
    const system = current();
    const nc = system.nc;
    const landed = await connectMember(system.gatewayUrl, { kind: 'organization' });
    expect(landed.searchParams.get('connected')).toBe('true');
    const connectionId = landed.searchParams.get('connectionId') ?? '';
    const page = system.emulator.defaultOrganization;

    const tokens = await waitFor(() => requestTokens(nc, connectionId).catch(() => null), {
      timeoutMs: 10_000,
    });
    expect(tokens.organizations).toEqual([{ urn: page.urn, name: page.name, role: 'ADMINISTRATOR' }]);

    const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
    const view = await request(`${system.gatewayUrl}/v1/connections/${connectionId}`, { headers });
    expect(view.statusCode).toBe(200);
    expect(await view.body.json()).toMatchObject({ connectionId, organizations: [{ urn: page.urn }] });

    const requestId = 'page-post-1';
    const accepted = await request(`${system.gatewayUrl}/v1/posts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ requestId, connectionId, author: page.urn, text: 'Hello from the Page' }),
    });
    expect(accepted.statusCode).toBe(202);
    await accepted.body.dump();

    const status = await waitFor(
      async () => {
        const r = await request(`${system.gatewayUrl}/v1/posts/${requestId}`, { headers });
        const body = (await r.body.json()) as { status: string; postUrn?: string };
        return body.status === 'queued' ? null : body;
      },
      { timeoutMs: 15_000, message: 'the post never left queued' },
    );
    expect(status).toMatchObject({ status: 'published' });
    const posts = (await (await fetch(`${system.emulator.url}/_emulator/posts`)).json()) as {
      urn: string;
      author: string;
    }[];
    expect(posts).toHaveLength(1);
    expect(posts[0]?.author).toBe(page.urn);
    expect(status.postUrn).toBe(posts[0]?.urn);
  });
});
