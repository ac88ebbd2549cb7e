// The bus and LinkedIn side of the post fuzzing: every valid body ends in exactly one post, every invalid one
// published on NATS in exactly one `post.failed` `invalid_request`, and no invalid body ever becomes a post.
import { createHash } from 'node:crypto';
import { SUBJECTS } from '@li-bus/contracts';
import type { EmulatorPost } from './emulator-admin.ts';
import type { EventTap } from './event-tap.ts';
import { CASE_TAG } from './fuzz-post-oracle.ts';
import type { SentBody } from './fuzz-post-senders.ts';

/**
 * The publisher's event id for a command without a usable requestId: `invalid:<Nats-Msg-Id>`, hashed when that
 * would pass the 200 characters an event id may have (services/publisher/src/outcomes.ts).
 */
function invalidEventId(msgId: string): string {
  const eventId = `invalid:${msgId}`;
  return eventId.length <= 200
    ? eventId
    : `invalid:sha256:${createHash('sha256').update(msgId).digest('base64url')}`;
}

type Outcome = { code: string } | 'published' | undefined;

interface OutcomeIndex {
  published: Set<string>;
  failedByRequestId: Map<string, string>;
  failedByEventId: Map<string, string>;
}

/** One pass over the tapped events (they are many: lookups must not scan them each time). */
function indexOutcomes(events: EventTap['events']): OutcomeIndex {
  const index: OutcomeIndex = {
    published: new Set(),
    failedByRequestId: new Map(),
    failedByEventId: new Map(),
  };
  for (const { subject, body } of events) {
    const requestId = String(body['requestId']);
    if (subject === SUBJECTS.postPublished) index.published.add(requestId);
    if (subject === SUBJECTS.postFailed) {
      const code = `${String(body['code'])} (${String(body['message']).slice(0, 160)})`;
      index.failedByRequestId.set(requestId, code);
      index.failedByEventId.set(String(body['eventId']), code);
    }
  }
  return index;
}

function outcomeOf(sent: SentBody, index: OutcomeIndex): Outcome {
  if (sent.requestId !== undefined) {
    if (index.published.has(sent.requestId)) return 'published';
    const code = index.failedByRequestId.get(sent.requestId);
    return code === undefined ? undefined : { code };
  }
  const code = index.failedByEventId.get(invalidEventId(sent.msgId ?? ''));
  return code === undefined ? undefined : { code };
}

const awaitsOutcome = (sent: SentBody) =>
  !sent.wrong && (sent.expect === 'published' || (sent.path === 'n' && sent.expect === 'invalid_request'));

/** Sent bodies still waiting for their terminal event. */
export function pendingOutcomes(sent: readonly SentBody[], tap: EventTap): number {
  const index = indexOutcomes(tap.events);
  return sent.filter((s) => awaitsOutcome(s) && outcomeOf(s, index) === undefined).length;
}

export interface OutcomeJudgement {
  validPosted: number;
  validNotPosted: string[];
  invalidAnsweredRight: number;
  wrongOutcomes: string[];
}

export function judgeOutcomes(sent: readonly SentBody[], tap: EventTap): OutcomeJudgement {
  const result: OutcomeJudgement = {
    validPosted: 0,
    validNotPosted: [],
    invalidAnsweredRight: 0,
    wrongOutcomes: [],
  };
  const index = indexOutcomes(tap.events);
  for (const s of sent) {
    const outcome = outcomeOf(s, index);
    if (!awaitsOutcome(s)) {
      // Refused at the door (HTTP 400/413, or too big to publish): it must never have reached the bus.
      if (s.expect !== 'published' && s.requestId !== undefined && outcome !== undefined && !s.wrong) {
        result.wrongOutcomes.push(
          `#${s.index}${s.path} ${s.kind}: refused, yet it has an outcome on the bus`,
        );
      }
      continue;
    }
    const where = `#${s.index}${s.path} ${s.kind} ${s.requestId ?? s.msgId ?? ''}`.slice(0, 120);
    if (s.expect === 'published') {
      if (outcome === 'published') result.validPosted++;
      else result.validNotPosted.push(`${where}: ${outcome ? `post.failed ${outcome.code}` : 'no outcome'}`);
    } else if (outcome !== 'published' && outcome?.code.startsWith('invalid_request ')) {
      result.invalidAnsweredRight++;
    } else {
      result.wrongOutcomes.push(
        `${where}: ${outcome === 'published' ? 'published' : outcome ? outcome.code : 'no outcome'}`,
      );
    }
  }
  return result;
}

/** Posts LinkedIn stored for a body that was not valid (or that no case explains), and posts beyond one per case. */
export function judgePosts(posts: readonly EmulatorPost[], sent: readonly SentBody[]) {
  const byTag = new Map(sent.map((s) => [`${s.index}.${s.path}`, s]));
  const perCase = new Map<string, number>();
  const forInvalid: string[] = [];
  for (const post of posts) {
    const match = CASE_TAG.exec(post.submittedCommentary || post.commentary);
    const key = match ? `${match[1]}.${match[2]}` : undefined;
    const s = key ? byTag.get(key) : undefined;
    if (!s || !s.valid) {
      forInvalid.push(`${post.urn}: ${(post.submittedCommentary || post.commentary).slice(0, 80)}`);
      continue;
    }
    perCase.set(key ?? '', (perCase.get(key ?? '') ?? 0) + 1);
  }
  let duplicates = 0;
  for (const n of perCase.values()) duplicates += Math.max(0, n - 1);
  return { forInvalid, duplicates };
}
