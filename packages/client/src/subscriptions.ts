import type { NatsConnection } from '@nats-io/transport-node';
import { MESSAGE_SCHEMAS, SUBJECTS, type EventSubject, type MessageOf } from '@li-bus/contracts';

type Handler<S extends EventSubject> = (event: MessageOf<S>, subject: S) => void | Promise<void>;

function subscribeParsed<S extends EventSubject>(
  nc: NatsConnection,
  subjects: readonly S[],
  handler: Handler<S>,
) {
  const subs = subjects.map((subject) =>
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        let body: unknown;
        try {
          body = msg.json();
        } catch {
          return;
        }
        const parsed = MESSAGE_SCHEMAS[subject].safeParse(body);
        if (parsed.success) void handler(parsed.data as MessageOf<S>, subject);
      },
    }),
  );
  return () => subs.forEach((sub) => sub.unsubscribe());
}

export type PostOutcomeSubject = typeof SUBJECTS.postPublished | typeof SUBJECTS.postFailed;
export type TokenEventSubject = Extract<EventSubject, `token.${string}`>;

/** Live `post.published` / `post.failed` events, parsed and typed. Returns the unsubscribe function. */
export function onPostOutcome(nc: NatsConnection, handler: Handler<PostOutcomeSubject>): () => void {
  return subscribeParsed(nc, [SUBJECTS.postPublished, SUBJECTS.postFailed], handler);
}

const TOKEN_SUBJECTS = [
  SUBJECTS.tokenIssued,
  SUBJECTS.tokenRefreshed,
  SUBJECTS.tokenRefreshDue,
  SUBJECTS.tokenRefreshFailed,
  SUBJECTS.tokenExpiring,
  SUBJECTS.tokenExpired,
  SUBJECTS.tokenRevoked,
] as const satisfies readonly TokenEventSubject[];

/** Live token events (connection lifecycle), parsed and typed. Tokens in them are sealed. */
export function onTokenEvent(nc: NatsConnection, handler: Handler<TokenEventSubject>): () => void {
  return subscribeParsed(nc, TOKEN_SUBJECTS, handler);
}
