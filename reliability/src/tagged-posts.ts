// Requests spread over connected members, whose post text carries their requestId (`postText`), so that the
// emulator's posts can be counted per requestId (one each: more is a duplicate, none when acknowledged a loss).
import type { PostRequestedInput } from '@li-bus/contracts';
import type { ConnectedMember } from './connect-members.ts';
import { postsPerRequest, postText } from './delivery-figures.ts';
import { emulatorPosts } from './emulator-admin.ts';
import type { PublishRecord } from './paced-publishes.ts';

export interface TaggedPosts {
  /** `count` new requestIds for `phase`, spread over the members. */
  ids(phase: string, count: number): string[];
  body: (requestId: string) => PostRequestedInput;
  /** How many emulator posts each requestId has. */
  counts(): Promise<Map<string, number>>;
}

export function createTaggedPosts(emulatorUrl: string, members: readonly ConnectedMember[]): TaggedPosts {
  const run = Date.now().toString(36);
  const connectionOf = new Map<string, string>();
  return {
    ids(phase, count) {
      return Array.from({ length: count }, (_, i) => {
        // Letters, digits and hyphens only: nothing the publisher escapes, so the stored text is the sent one.
        const id = `${run}-${phase}-${i}`;
        connectionOf.set(id, members[i % members.length]?.connectionId ?? '');
        return id;
      });
    },
    body: (requestId) => ({
      requestId,
      connectionId: connectionOf.get(requestId) ?? '',
      text: postText(requestId),
    }),
    async counts() {
      return postsPerRequest(await emulatorPosts(emulatorUrl));
    },
  };
}

/** Acknowledged requests without a post. */
export function unposted(records: readonly PublishRecord[], counts: Map<string, number>): PublishRecord[] {
  return records.filter((r) => r.acked && !counts.has(r.requestId));
}

/** Posts beyond the first for each requestId. */
export function duplicatePosts(counts: Map<string, number>): number {
  let extra = 0;
  for (const count of counts.values()) extra += count - 1;
  return extra;
}
