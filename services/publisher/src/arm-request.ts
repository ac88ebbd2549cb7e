import type { PostRequested, TokensGetReply } from '@li-bus/contracts';
import type { MessageContext } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import { Deferral, MediaStageError, PostFailure } from './failures.ts';
import type { ArmedEntry, LedgerEntry, PublishLedger, Versioned } from './ledger.ts';
import type { createContentPreparer } from './media/prepare-content.ts';
import { buildPostBody } from './post-body.ts';
import { leftWaitingId } from './schedules/hold-request.ts';
import type { WaitingCount } from './schedules/waiting-count.ts';

export interface ArmDeps {
  ledger: PublishLedger;
  keyring: Keyring;
  prepareContent: ReturnType<typeof createContentPreparer>;
  now: () => number;
  createLeaseMs: number;
  /** Waiting requests per connection: one less when a waiting request is armed. */
  waiting: Pick<WaitingCount, 'add'>;
}

/** LinkedIn rejects the same content from the same author for 10 minutes; reconcile only inside that. */
const DUPLICATE_WINDOW_MS = 9 * 60_000;

export function resolveAuthor(post: PostRequested, tokens: TokensGetReply): string {
  const member = `urn:li:person:${tokens.member.sub}`;
  const author = post.author ?? member;
  if (author === member) return author;
  if (tokens.organizations.some((org) => org.urn === author)) return author;
  throw new PostFailure('permission_denied', `${author} is not the member or a page the member administers`);
}

/**
 * Arming a request before its create call: the first time, the media is uploaded and the exact body is
 * recorded (atomically, so only one delivery arms); later, an armed entry whose handler is gone is taken over
 * as it is (compare-and-set), so the create is re-sent with the same body and never with a different one.
 */
export function createArmer(deps: ArmDeps) {
  const { ledger, now } = deps;
  /** Arms the request: a fresh body (after uploads), or takes over an abandoned armed one as it is. */
  async function arm(
    post: PostRequested,
    tokens: TokensGetReply,
    seen: Versioned<LedgerEntry> | null,
    ctx: MessageContext,
  ) {
    const leaseUntil = now() + deps.createLeaseMs;
    if (seen?.value.state === 'armed') {
      const entry = seen.value;
      if (entry.leaseUntil > now()) {
        throw new Deferral('in_progress', 'another delivery is creating this post', entry.leaseUntil - now());
      }
      if (entry.uncertain && now() - Date.parse(entry.armedAt) > DUPLICATE_WINDOW_MS) {
        throw new PostFailure(
          'linkedin_error',
          'an earlier create may have landed and is too old to reconcile',
        );
      }
      const armedAt = entry.uncertain ? entry.armedAt : new Date(now()).toISOString();
      const armed: ArmedEntry = { ...entry, armedAt, leaseUntil, uncertain: true };
      if (!(await ledger.replace(post.requestId, armed, seen.revision))) {
        throw new Deferral('in_progress', 'another delivery took this request over', 200);
      }
      return { armed, reconciling: entry.uncertain };
    }
    const author = resolveAuthor(post, tokens);
    const up = {
      tenantId: tokens.tenantId,
      accessToken: deps.keyring.open(tokens.accessToken, post.connectionId),
      owner: author,
      working: () => ctx.working(),
    };
    const content = await deps.prepareContent(post, up).catch((error: unknown) => {
      throw new MediaStageError(error);
    });
    const body = buildPostBody(post, author, content);
    const armed: ArmedEntry = {
      state: 'armed',
      armedAt: new Date(now()).toISOString(),
      author,
      body,
      leaseUntil,
      uncertain: true,
      connectionId: post.connectionId,
    };
    if (seen?.value.state === 'waiting') {
      // Fired (or due): only the compare-and-set from the waiting revision arms it, so a cancel racing the due
      // time has one winner. The loser is delivered again and finds the winner's entry.
      if (!(await ledger.replace(post.requestId, armed, seen.revision))) {
        throw new Deferral('in_progress', 'the waiting request changed (cancelled?)', 200);
      }
      await deps.waiting.add(post.connectionId, -1, leftWaitingId(post.requestId)).catch((error: unknown) => {
        ctx.logger.warn(
          { err: error, requestId: post.requestId },
          'could not count the request out of waiting',
        );
      });
      return { armed, reconciling: false };
    }
    if (!(await ledger.claim(post.requestId, armed))) {
      throw new Deferral('in_progress', 'another delivery of this request is being handled', 200);
    }
    return { armed, reconciling: false };
  }

  return arm;
}
