export { requestPost } from './request-post.ts';
export type { RequestPostOptions, RequestPostResult } from './request-post.ts';
export { waitForOutcome } from './wait-outcome.ts';
export type { PostOutcome } from './wait-outcome.ts';
export { onPostOutcome, onTokenEvent } from './subscriptions.ts';
export type { PostOutcomeSubject, TokenEventSubject } from './subscriptions.ts';
export { putMedia, tenantObjectName } from './media.ts';
export { InvalidPostError } from './errors.ts';
