import { escapeLittleText, type PostRequested } from '@li-bus/contracts';

/** The `/rest/posts` body for a request; `content` comes from the media uploads (or the article). */
export function buildPostBody(
  post: PostRequested,
  author: string,
  content: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return {
    author,
    commentary: escapeLittleText(post.text ?? ''),
    visibility: post.visibility,
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...(content ? { content } : {}),
  };
}

export function postUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}
