/** NATS subjects of the design's bus table (fixed names). */
export const SUBJECTS = {
  postRequested: 'post.requested',
  postPublished: 'post.published',
  postFailed: 'post.failed',
  postUpdateRequested: 'post.update.requested',
  postUpdated: 'post.updated',
  postDeleteRequested: 'post.delete.requested',
  postDeleted: 'post.deleted',
  postCancelRequested: 'post.cancel.requested',
  postCancelled: 'post.cancelled',
  postCancelRejected: 'post.cancel.rejected',
  tokenIssued: 'token.issued',
  tokenRefreshed: 'token.refreshed',
  tokenRefreshDue: 'token.refresh.due',
  tokenRefreshFailed: 'token.refresh.failed',
  tokenExpiring: 'token.expiring',
  tokenExpired: 'token.expired',
  tokenRevoked: 'token.revoked',
  tokensGet: 'tokens.get',
  /** token-keeper's status queries (request/reply), used by the gateway's connection API and the CLI. */
  tokensStatus: 'tokens.status',
  tokensList: 'tokens.list',
  /** The sealed refresh token, for the gateway's refresh executor (token-keeper answers it when wired). */
  tokensRefreshToken: 'tokens.refresh-token',
  /** Read your writes: answers once token-keeper has stored a given event of a connection (or `not_stored`). */
  tokensAwait: 'tokens.await',
  /** auth-gateway's webhook delivery jobs (its own stream `WEBHOOKS`, see `WEBHOOK_STREAM`). */
  webhookDelivery: 'webhook.delivery',
  /** LinkedIn refused a `LinkedIn-Version` and the services moved to the next one (stream `LINKEDIN`). */
  linkedinVersionChanged: 'linkedin.version.changed',
} as const;

export type Subject = (typeof SUBJECTS)[keyof typeof SUBJECTS];

/** JetStream streams. `tokens.get` is request/reply and deliberately outside `token.>`. */
export const STREAMS = {
  posts: { name: 'POSTS', subjects: ['post.>'] },
  tokens: { name: 'TOKENS', subjects: ['token.>'] },
  linkedin: { name: 'LINKEDIN', subjects: ['linkedin.>'] },
} as const;

/** The NATS services-API service that answers the `tokens.*` requests. */
export const TOKENS_SERVICE = { name: 'token-keeper' } as const;
