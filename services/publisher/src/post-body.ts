import { escapeLittleText, type Poll, type PostRequested } from '@li-bus/contracts';

/** `content.poll` (reference §9.6 December 2026 additions): options as `{text}`, the duration in `settings`. */
function pollContent(poll: Poll): Record<string, unknown> {
  return {
    poll: {
      question: poll.question,
      options: poll.options.map((text) => ({ text })),
      settings: { duration: poll.duration },
    },
  };
}

/** The `/rest/posts` body for a request; `content` comes from the media uploads (or the article). */
export function buildPostBody(
  post: PostRequested,
  author: string,
  content: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const kind = content ?? (post.poll ? pollContent(post.poll) : undefined);
  return {
    author,
    commentary: escapeLittleText(post.text ?? ''),
    visibility: post.visibility,
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...(kind ? { content: kind } : {}),
    ...(post.reshareOf ? { reshareContext: { parent: post.reshareOf } } : {}),
  };
}

export function postUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}
