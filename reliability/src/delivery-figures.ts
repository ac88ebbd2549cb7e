// Lost and duplicate posts, counted at both ends: what LinkedIn (the emulator) stored per requestId, the 201
// creates it answered, and the terminal events on the POSTS stream.
import type { Figure } from './scenario.ts';
import type { EmulatorPost, EmulatorRequest } from './emulator-admin.ts';
import type { PostLedger } from './post-outcomes.ts';

const TEXT_PREFIX = 'reliability-check';

/** The post text a scenario sends for a requestId; `requestIdOfPost` reads it back from what LinkedIn stored. */
export function postText(requestId: string): string {
  return `${TEXT_PREFIX} ${requestId}`;
}

export function requestIdOfPost(post: EmulatorPost): string | undefined {
  const text = post.submittedCommentary || post.commentary;
  const match = new RegExp(`^${TEXT_PREFIX} (\\S+)`).exec(text);
  return match?.[1];
}

/** Posts stored at the emulator per requestId (every post a scenario made: each run has its own emulator). */
export function postsPerRequest(posts: EmulatorPost[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const post of posts) {
    const id = requestIdOfPost(post);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export interface DeliveryInput {
  /** The requestIds that must each end with exactly one post (e.g. every acknowledged publish). */
  requestIds: readonly string[];
  posts: EmulatorPost[];
  /** Every `POST /rest/posts` the emulator saw during the run (see `collectPostCreates`). */
  creates: EmulatorRequest[];
  ledger: PostLedger;
  /** A request that took longer than this from request (or its `notBefore`) to terminal event missed its window. */
  windowMs: number;
  /** `notBefore` (epoch ms) of scheduled requests: their window starts when they are due. */
  notBeforeOf?: ReadonlyMap<string, number>;
}

export interface DeliveryCounts {
  lost: number;
  duplicatePosts: number;
  extraCreates: number;
  terminal: number;
  failed: number;
  nonTerminal: number;
  lateTerminal: number;
}

export function countDelivery(input: DeliveryInput): DeliveryCounts {
  const perRequest = postsPerRequest(input.posts);
  const counts: DeliveryCounts = {
    lost: 0,
    duplicatePosts: 0,
    extraCreates: 0,
    terminal: 0,
    failed: 0,
    nonTerminal: 0,
    lateTerminal: 0,
  };
  for (const id of input.requestIds) {
    if ((perRequest.get(id) ?? 0) === 0) counts.lost += 1;
    const entry = input.ledger.get(id);
    if (!entry || entry.terminalAt === undefined) {
      counts.nonTerminal += 1;
      continue;
    }
    counts.terminal += 1;
    if (entry.published === 0) counts.failed += 1;
    const dueAt = Math.max(entry.requestedAt ?? 0, input.notBeforeOf?.get(id) ?? 0);
    if (entry.requestedAt !== undefined && entry.terminalAt - dueAt > input.windowMs) {
      counts.lateTerminal += 1;
    }
  }
  // Over every post of the run (also those of requests whose publish was never acknowledged).
  for (const n of perRequest.values()) counts.duplicatePosts += Math.max(0, n - 1);
  // Every 201 made a post, also when the emulator then dropped the connection instead of answering (the log
  // keeps the handler's status; a dropped 422 DUPLICATE_POST made nothing).
  const made = input.creates.filter((c) => c.status === 201).length;
  counts.extraCreates = Math.max(0, made - perRequest.size);
  return counts;
}

/** The figures every delivery scenario reports, with the bars (lost 0, duplicates 0, all terminal). */
export function deliveryFigures(input: DeliveryInput, options: { failuresAllowed?: boolean } = {}): Figure[] {
  const c = countDelivery(input);
  const posted = input.requestIds.length - c.lost;
  return [
    { name: 'requested', value: input.requestIds.length },
    { name: 'posted at emulator', value: posted },
    { name: 'lost', value: c.lost, bar: { eq: 0 } },
    {
      name: 'duplicate posts (emulator posts per requestId beyond 1)',
      value: c.duplicatePosts,
      bar: { eq: 0 },
    },
    { name: '201 creates beyond one per request', value: c.extraCreates, bar: { eq: 0 } },
    { name: 'requests with a terminal event', value: c.terminal, bar: { eq: input.requestIds.length } },
    {
      name: 'ended post.failed',
      value: c.failed,
      ...(options.failuresAllowed ? {} : { bar: { eq: 0 } }),
    },
    { name: 'non-terminal after the window', value: c.nonTerminal, bar: { eq: 0 } },
    { name: 'terminal later than the retry window', value: c.lateTerminal, bar: { eq: 0 } },
    { name: 'retry window', value: Math.round(input.windowMs / 1000), unit: 's' },
  ];
}
