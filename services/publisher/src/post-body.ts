import { escapeLittleText, type PostRequested } from '@li-bus/contracts';

/** The `/rest/posts` body for a request (text and article links; media comes with its own uploads). */
export function buildPostBody(post: PostRequested, author: string): Record<string, unknown> {
  return {
    author,
    commentary: escapeLittleText(post.text ?? ''),
    visibility: post.visibility,
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...(post.article
      ? {
          content: {
            article: {
              source: post.article.url,
              ...(post.article.title !== undefined ? { title: post.article.title } : {}),
              ...(post.article.description !== undefined ? { description: post.article.description } : {}),
            },
          },
        }
      : {}),
  };
}

export function postUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}
