import type { z } from 'zod';
import { SUBJECTS } from './subjects.ts';
import { postRequested } from './post-requested.ts';
import { postFailed, postPublished } from './post-outcomes.ts';
import { postCancelled, postCancelRejected, postCancelRequested } from './post-cancel.ts';
import { postDeleted, postDeleteRequested, postUpdated, postUpdateRequested } from './post-edits.ts';
import {
  tokenExpired,
  tokenExpiring,
  tokenIssued,
  tokenRefreshDue,
  tokenRefreshed,
  tokenRefreshFailed,
  tokenRevoked,
} from './token-events.ts';
import { tokensGetReply, tokensGetRequest } from './tokens-get.ts';
import {
  tokensListReply,
  tokensListRequest,
  tokensStatusReply,
  tokensStatusRequest,
} from './connections-query.ts';
import { tokensRefreshTokenReply, tokensRefreshTokenRequest } from './tokens-refresh-token.ts';
import { tokensAwaitReply, tokensAwaitRequest } from './tokens-await.ts';
import { webhookDelivery } from './webhook-delivery.ts';
import { linkedinVersionChanged } from './linkedin-version-changed.ts';

/** The schema of every message published to a JetStream subject. */
export const MESSAGE_SCHEMAS = {
  [SUBJECTS.postRequested]: postRequested,
  [SUBJECTS.postPublished]: postPublished,
  [SUBJECTS.postFailed]: postFailed,
  [SUBJECTS.postUpdateRequested]: postUpdateRequested,
  [SUBJECTS.postUpdated]: postUpdated,
  [SUBJECTS.postDeleteRequested]: postDeleteRequested,
  [SUBJECTS.postDeleted]: postDeleted,
  [SUBJECTS.postCancelRequested]: postCancelRequested,
  [SUBJECTS.postCancelled]: postCancelled,
  [SUBJECTS.postCancelRejected]: postCancelRejected,
  [SUBJECTS.tokenIssued]: tokenIssued,
  [SUBJECTS.tokenRefreshed]: tokenRefreshed,
  [SUBJECTS.tokenRefreshDue]: tokenRefreshDue,
  [SUBJECTS.tokenRefreshFailed]: tokenRefreshFailed,
  [SUBJECTS.tokenExpiring]: tokenExpiring,
  [SUBJECTS.tokenExpired]: tokenExpired,
  [SUBJECTS.tokenRevoked]: tokenRevoked,
  [SUBJECTS.webhookDelivery]: webhookDelivery,
  [SUBJECTS.linkedinVersionChanged]: linkedinVersionChanged,
} as const;

export type EventSubject = keyof typeof MESSAGE_SCHEMAS;
export type MessageOf<S extends EventSubject> = z.infer<(typeof MESSAGE_SCHEMAS)[S]>;
export type MessageInputOf<S extends EventSubject> = z.input<(typeof MESSAGE_SCHEMAS)[S]>;

/** Request/reply schemas (NATS services API); errors use the `TOKENS_GET_ERRORS` codes. */
export const REQUEST_SCHEMAS = {
  [SUBJECTS.tokensGet]: { request: tokensGetRequest, reply: tokensGetReply },
  [SUBJECTS.tokensStatus]: { request: tokensStatusRequest, reply: tokensStatusReply },
  [SUBJECTS.tokensList]: { request: tokensListRequest, reply: tokensListReply },
  [SUBJECTS.tokensRefreshToken]: { request: tokensRefreshTokenRequest, reply: tokensRefreshTokenReply },
  [SUBJECTS.tokensAwait]: { request: tokensAwaitRequest, reply: tokensAwaitReply },
} as const;

export type RequestSubject = keyof typeof REQUEST_SCHEMAS;
/** Request subjects a token-keeper may leave unanswered (added after the first release). */
export type OptionalRequestSubject = typeof SUBJECTS.tokensRefreshToken | typeof SUBJECTS.tokensAwait;
export type RequestOf<S extends RequestSubject> = z.infer<(typeof REQUEST_SCHEMAS)[S]['request']>;
export type ReplyOf<S extends RequestSubject> = z.infer<(typeof REQUEST_SCHEMAS)[S]['reply']>;
