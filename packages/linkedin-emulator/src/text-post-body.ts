/**
 * A minimal `POST /rest/posts` body for a public text post, as LinkedIn documents it: what tests, benchmarks and
 * scenarios send when they talk to the emulator directly, without the publisher.
 */
export function textPostBody(author: string, commentary: string, extra: Record<string, unknown> = {}) {
  return {
    author,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...extra,
  };
}
