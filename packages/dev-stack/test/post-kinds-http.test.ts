import { describe, expect, it } from 'vitest';
import { currentApiVersion, grantAccessToken } from '@li-bus/linkedin-emulator';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, useTestSystem } from './system.ts';

// The app is configured with the comment scope: the connect flow must ask LinkedIn for it.
const MEMBER_SCOPES = 'openid profile email w_member_social w_member_social_feed';
const system = useTestSystem({ env: { 'auth-gateway': { LINKEDIN_MEMBER_SCOPES: MEMBER_SCOPES } } });

interface Status {
  status: string;
  postUrn?: string;
  firstComment?: { status: string; commentUrn?: string; code?: string };
  error?: { code: string; message: string };
}
interface Comment {
  urn: string;
  object: string;
  actor: string;
  text: string;
}

describe('polls, reshares, first comments and the quota over HTTP (three services as processes)', () => {
  it('POST /v1/posts passes each content type through; LinkedIn receives exactly what was asked', async () => {
    const { gatewayUrl, nc, emulator } = system();
    const connectionId = (await connectMember(gatewayUrl)).searchParams.get('connectionId') ?? '';
    await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${gatewayUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const published = (requestId: string) =>
      waitFor(
        async () => {
          const { body } = await call('GET', `/v1/posts/${requestId}`);
          return body['status'] === 'published' || body['status'] === 'failed'
            ? (body as unknown as Status)
            : null;
        },
        { timeoutMs: 20_000 },
      );
    const admin = async <T>(path: string) =>
      (await (await fetch(`${emulator.url}/_emulator/${path}`)).json()) as T;

    // The connect flow asked LinkedIn for the configured comment scope, and the connection says it can comment.
    const authorizations = (await admin<{ method: string; path: string }[]>('requests')).filter((r) =>
      r.path.startsWith('/oauth/v2/authorization'),
    );
    expect(new URL(authorizations[0]?.path ?? '', emulator.url).searchParams.get('scope')).toContain(
      'w_member_social_feed',
    );
    const before = await call('GET', `/v1/connections/${connectionId}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      canComment: { member: true, organizations: false },
      quota: { used: 0, limit: 150 },
    });
    const resetsAt = Date.parse(String((before.body['quota'] as { resetsAt: string }).resetsAt));
    expect(new Date(resetsAt).toISOString()).toMatch(/T00:00:00\.000Z$/);

    const poll = {
      question: 'Which talk next?',
      options: ['Queues', 'Quotas', 'Comments'],
      duration: 'ONE_DAY',
    };
    expect((await call('POST', '/v1/posts', { requestId: 'poll-http', connectionId, poll })).status).toBe(
      202,
    );
    const pollStatus = await published('poll-http');
    expect(pollStatus.status).toBe('published');

    const text = 'Recording: https://example.com/rec (50 min) #talks';
    const withComment = { requestId: 'fc-http', connectionId, text: 'Slides are up', firstComment: { text } };
    expect((await call('POST', '/v1/posts', withComment)).status).toBe(202);
    const commentStatus = await published('fc-http');

    const parent = pollStatus.postUrn ?? '';
    const reshare = { requestId: 'reshare-http', connectionId, reshareOf: parent, text: 'Vote!' };
    expect((await call('POST', '/v1/posts', reshare)).status).toBe(202);
    const reshareStatus = await published('reshare-http');
    expect(reshareStatus.status).toBe('published');

    // What LinkedIn stored, byte for byte.
    const posts = await admin<{ urn: string; content: unknown; submittedCommentary: string }[]>('posts');
    expect(posts.find((p) => p.urn === parent)?.content).toEqual({
      poll: {
        question: 'Which talk next?',
        options: [{ text: 'Queues' }, { text: 'Quotas' }, { text: 'Comments' }],
        settings: { duration: 'ONE_DAY' },
      },
    });
    const comments = await admin<Comment[]>('comments');
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      object: commentStatus.postUrn,
      actor: emulator.defaultMember.urn,
      text,
    });
    expect(commentStatus.firstComment).toEqual({ status: 'published', commentUrn: comments[0]?.urn });
    // The reshare as LinkedIn serves it (read with a reading token of the same member).
    const reader = await grantAccessToken(emulator, {
      redirectUri: `${gatewayUrl}/oauth/linkedin/callback`,
      scope: 'openid r_member_social',
    });
    const served = await fetch(
      `${emulator.url}/rest/posts/${encodeURIComponent(reshareStatus.postUrn ?? '')}`,
      {
        headers: {
          authorization: `Bearer ${reader}`,
          'linkedin-version': currentApiVersion(Date.now()),
          'x-restli-protocol-version': '2.0.0',
        },
      },
    );
    expect(await served.json()).toMatchObject({ reshareContext: { parent }, commentary: 'Vote!' });

    // Three posts created today for this member.
    const after = await call('GET', `/v1/connections/${connectionId}`);
    expect(after.body['quota']).toMatchObject({ used: 3, limit: 150 });
  });
});
