import { describe, expect } from 'vitest';
import { SUBJECTS, type PostPublished } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { RETURN_TO, systemTest } from './system.ts';

const it = systemTest();

describe('walking skeleton: connect a member, then publish a text post', () => {
  it('connects through the HTTP redirects and posts escaped text to the emulator', async ({ system }) => {
    const nc = system.nc;
    const landed = await connectMember(system.gatewayUrl);
    expect(`${landed.origin}${landed.pathname}`).toBe(RETURN_TO);
    expect(landed.searchParams.get('connected')).toBe('true');
    const connectionId = landed.searchParams.get('connectionId') ?? '';
    expect(connectionId).toMatch(/^conn_/);

    // token-keeper has stored the sealed tokens once tokens.get answers.
    const tokens = await waitFor(() => requestTokens(nc, connectionId).catch(() => null), {
      timeoutMs: 10_000,
    });
    expect(tokens.member.sub).toBe(system.emulator.defaultMember.sub);
    expect(tokens.accessToken).toMatch(/^v1\./);

    const outcomes: PostPublished[] = [];
    const sub = nc.subscribe(SUBJECTS.postPublished, {
      callback: (_err, msg) => void outcomes.push(msg.json<PostPublished>()),
    });
    await createEventPublisher(nc).publish(SUBJECTS.postRequested, {
      requestId: 'skeleton-1',
      connectionId,
      text: 'Launch (beta) today_now *big* #news',
    });
    const published = await waitFor(() => outcomes.find((o) => o.requestId === 'skeleton-1'), {
      timeoutMs: 15_000,
    });
    sub.unsubscribe();

    const posts = (await (await fetch(`${system.emulator.url}/_emulator/posts`)).json()) as {
      urn: string;
      author: string;
      commentary: string;
    }[];
    expect(posts).toHaveLength(1);
    expect(posts[0]?.commentary).toBe('Launch \\(beta\\) today\\_now \\*big\\* #news');
    expect(posts[0]?.author).toBe(system.emulator.defaultMember.urn);
    expect(published.postUrn).toBe(posts[0]?.urn);
    expect(published.postUrl).toBe(`https://www.linkedin.com/feed/update/${posts[0]?.urn}/`);
    expect(published.author).toBe(system.emulator.defaultMember.urn);

    const requests = (await (await fetch(`${system.emulator.url}/_emulator/requests`)).json()) as {
      method: string;
      path: string;
      status: number;
      headers: Record<string, string>;
    }[];
    const create = requests.find((r) => r.method === 'POST' && r.path === '/rest/posts');
    expect(create?.status).toBe(201);
    expect(create?.headers['linkedin-version']).toMatch(/^\d{6}$/);
    expect(create?.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(create?.headers['content-type']).toContain('application/json');
  });
});
