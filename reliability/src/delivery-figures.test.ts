import { describe, expect, it } from 'vitest';
import { countDelivery, postText } from './delivery-figures.ts';
import type { EmulatorPost, EmulatorRequest } from './emulator-admin.ts';
import type { PostLedger } from './post-outcomes.ts';

const post = (requestId: string, n = 0): EmulatorPost => ({
  urn: `urn:li:share:${requestId}-${n}`,
  author: 'urn:li:person:a',
  commentary: postText(requestId),
  submittedCommentary: postText(requestId),
  createdAt: 0,
});
const create = (status: number, fault?: 'dropped'): EmulatorRequest => ({
  id: 0,
  method: 'POST',
  path: '/rest/posts',
  status,
  ...(fault ? { fault } : {}),
});
const ended = (requestedAt: number, terminalAt: number, failed = false) => ({
  requestedAt,
  terminalAt,
  published: failed ? 0 : 1,
  failed: failed ? 1 : 0,
  cancelled: 0,
  failureCodes: failed ? ['linkedin_error'] : [],
});

describe('countDelivery', () => {
  it('counts nothing wrong when each request made one post and ended in time', () => {
    const ledger: PostLedger = new Map([
      ['a', ended(0, 10)],
      ['b', ended(0, 20)],
    ]);
    expect(
      countDelivery({
        requestIds: ['a', 'b'],
        posts: [post('a'), post('b')],
        creates: [create(201), create(201, 'dropped'), create(422), create(422, 'dropped')],
        ledger,
        windowMs: 100,
      }),
    ).toEqual({
      lost: 0,
      duplicatePosts: 0,
      extraCreates: 0,
      terminal: 2,
      failed: 0,
      nonTerminal: 0,
      lateTerminal: 0,
    });
  });

  it('finds lost, duplicate, extra-create, failed, late and unended requests', () => {
    const ledger: PostLedger = new Map([
      ['a', ended(0, 500)],
      ['b', ended(0, 10, true)],
    ]);
    const counts = countDelivery({
      requestIds: ['a', 'b', 'c'],
      // a posted twice, b and c never; x is a post of a request whose publish was not acknowledged.
      posts: [post('a'), post('a', 1), post('x')],
      creates: [create(201), create(201), create(201), create(201)],
      ledger,
      windowMs: 100,
    });
    expect(counts).toEqual({
      lost: 2,
      duplicatePosts: 1,
      extraCreates: 2,
      terminal: 2,
      failed: 1,
      nonTerminal: 1,
      lateTerminal: 1,
    });
  });

  it('measures a scheduled request from its notBefore, not from when it was sent', () => {
    const ledger: PostLedger = new Map([
      ['early-sent', ended(0, 1_050)],
      ['late', ended(0, 1_200)],
    ]);
    const counts = countDelivery({
      requestIds: ['early-sent', 'late'],
      posts: [post('early-sent'), post('late')],
      creates: [create(201), create(201)],
      ledger,
      windowMs: 100,
      notBeforeOf: new Map([
        ['early-sent', 1_000],
        ['late', 1_000],
      ]),
    });
    expect(counts.lateTerminal).toBe(1);
  });
});
