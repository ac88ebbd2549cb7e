import type { Subscription } from '@nats-io/transport-node';
import { SUBJECTS, type PostDeleted, type PostFailed, type PostUpdated } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { waitFor } from '@li-bus/testkit';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { createPostsClient } from '../src/linkedin/posts-client.ts';
import type { PublisherHarness } from './harness.ts';

export type EditOutcome =
  | { subject: typeof SUBJECTS.postUpdated; body: PostUpdated }
  | { subject: typeof SUBJECTS.postDeleted; body: PostDeleted }
  | { subject: typeof SUBJECTS.postFailed; body: PostFailed };

/** Watches `post.updated` / `post.deleted` / `post.failed` and publishes a post to edit. */
export async function watchEdits(h: PublisherHarness) {
  const outcomes: EditOutcome[] = [];
  const subjects = [SUBJECTS.postUpdated, SUBJECTS.postDeleted, SUBJECTS.postFailed];
  const subs: Subscription[] = subjects.map((subject) =>
    h.nc.subscribe(subject, {
      callback: (_error, msg) => void outcomes.push({ subject, body: msg.json() } as EditOutcome),
    }),
  );
  await h.nc.flush();
  const events = createEventPublisher(h.nc);
  return {
    outcomes,
    events,
    close: () => subs.forEach((sub) => sub.unsubscribe()),
    outcomeOf: (requestId: string, count = 1) =>
      waitFor(
        () => {
          const found = outcomes.filter((o) => o.body.requestId === requestId);
          return found.length >= count ? found : undefined;
        },
        { timeoutMs: 5000, message: `no outcome for ${requestId}` },
      ),
    /** Publishes a post through the publisher and returns its URN. */
    async published(connectionId: string, requestId: string, text: string) {
      await h.requestPost({ requestId, connectionId, text });
      const [outcome] = await h.outcomeOf(requestId);
      if (outcome?.subject !== SUBJECTS.postPublished)
        throw new Error(`${requestId} was not published: ${JSON.stringify(outcome)}`);
      return outcome.body.postUrn;
    },
    /** Creates a post at LinkedIn directly (not through the publisher) as the connection's member. */
    async createdAtLinkedIn(connectionId: string, text: string) {
      const tokens = await h.keeper.get(connectionId);
      const client = createPostsClient({
        apiBase: h.emulator.url,
        version: currentApiVersion(Date.now()),
        timeoutMs: 2000,
      });
      return client.create(h.keyring.open(tokens.accessToken, connectionId), {
        author: `urn:li:person:${tokens.member.sub}`,
        commentary: text,
        visibility: 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      });
    },
    /** The emulator's request log entries for the post's own path (`/rest/posts/{enc urn}`). */
    async callsOn(urn: string) {
      const path = `/rest/posts/${encodeURIComponent(urn)}`;
      return (await h.requests()).filter((r) => r.path === path);
    },
  };
}
