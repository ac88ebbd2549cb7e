import { Kvm } from '@nats-io/kv';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { jetstreamManager } from '@nats-io/jetstream';
import { MEMBER_SCOPES } from '../bench/emulator-token.ts';
import { LEDGER_BUCKET, type LedgerEntry } from '../src/ledger.ts';
import { usePublisherHarness, type PublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const COMMENTS = '/rest/socialActions/';

/** The publisher's ledger entry for a request, read as the publisher wrote it. */
async function ledgerEntry(h: PublisherHarness, requestId: string): Promise<LedgerEntry | undefined> {
  const kv = await new Kvm(h.nc).open(LEDGER_BUCKET);
  const entry = await kv.get(`r.${Buffer.from(requestId).toString('base64url')}`);
  return entry?.operation === 'PUT' ? entry.json<LedgerEntry>() : undefined;
}

type CommentState = Extract<LedgerEntry, { state: 'published' }>['comment'];

/**
 * Runs the publisher as a process, waits until the post exists and the comment is at `killAt` (read in the ledger
 * and the emulator), SIGKILLs it there, restarts it, and returns once the request ended.
 */
async function killBetweenPostAndComment(
  h: PublisherHarness,
  requestId: string,
  killAt: (comment: CommentState, comments: number) => boolean,
  backoffMs = '100',
) {
  await h.connect('conn_crash_fc', { scopes: [...MEMBER_SCOPES, 'w_member_social_feed'] });
  await h.requestPost({
    requestId,
    connectionId: 'conn_crash_fc',
    text: `Crash ${requestId}`,
    firstComment: { text: 'The link: https://example.com' },
  });
  const service = await h.spawnPublisherProcess({
    HTTP_TIMEOUT_MS: '3000',
    PUBLISH_BACKOFF_MS: backoffMs,
    PUBLISH_MAX_ATTEMPTS: '8',
  });
  try {
    await waitFor(
      async () => {
        const entry = await ledgerEntry(h, requestId);
        return entry?.state === 'published' && killAt(entry.comment, (await h.comments()).length);
      },
      { timeoutMs: 20_000, message: 'the comment never reached the state to kill at' },
    );
    expect(await h.posts()).toHaveLength(1);
    service.kill('SIGKILL');
    await service.restart();
    await waitFor(() => h.outcomes.some((o) => o.body.requestId === requestId), {
      timeoutMs: 30_000,
      message: `${requestId} never ended`,
    });
  } finally {
    await service.stop();
  }
}

async function expectExactlyOneOfEach(h: PublisherHarness, requestId: string) {
  const posts = await h.posts();
  const comments = await h.comments();
  expect(posts).toHaveLength(1);
  expect(comments).toHaveLength(1);
  expect(comments[0]?.object).toBe(posts[0]?.urn);
  const jsm = await jetstreamManager(h.nc);
  const info = await jsm.streams.info(STREAMS.posts.name, { subjects_filter: 'post.>' });
  expect(info.state.subjects?.[SUBJECTS.postPublished]).toBe(1);
  expect(info.state.subjects?.[SUBJECTS.postFailed]).toBeUndefined();
  const [event] = h.outcomes.filter((o) => o.body.requestId === requestId);
  expect(event?.body).toMatchObject({
    postUrn: posts[0]?.urn,
    firstComment: { status: 'published', commentUrn: comments[0]?.urn },
  });
  const creates = (await h.postRequests()).filter((r) => r.status === 201);
  expect(creates).toHaveLength(1);
}

describe('publisher SIGKILLed between the post and its first comment', () => {
  it(
    'killed while the comment call is in flight: one post and one comment',
    { timeout: 60_000 },
    async () => {
      const h = harness();
      // The comment call hangs (nothing created yet); the process is killed while it hangs.
      await h.addFault({ method: 'POST', pathPrefix: COMMENTS, status: 503, delayMs: 2000, times: 1 });
      const inFlight = (c: CommentState) => c?.state === 'armed' && c.sends === 1 && c.leaseUntil > 0;
      await killBetweenPostAndComment(h, 'crash-fc-lost', inFlight);
      await expectExactlyOneOfEach(h, 'crash-fc-lost');
    },
  );

  it(
    'killed after LinkedIn created the comment, before its URN was recorded: found, not sent again',
    { timeout: 60_000 },
    async () => {
      const h = harness();
      // LinkedIn creates the comment and the answer is lost; the process dies before it looks again (5 s later).
      await h.addFault({ method: 'POST', pathPrefix: COMMENTS, dropResponseAfterCommit: true, times: 1 });
      const landed = (c: CommentState, comments: number) => c?.state === 'armed' && comments === 1;
      await killBetweenPostAndComment(h, 'crash-fc-landed', landed, '5000');
      await expectExactlyOneOfEach(h, 'crash-fc-landed');
      const commentCalls = (await h.requests()).filter(
        (r) => r.method === 'POST' && r.path.startsWith(COMMENTS),
      );
      expect(commentCalls).toHaveLength(1);
    },
  );
});
