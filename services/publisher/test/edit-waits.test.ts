import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { createEventPublisher, extractTraceContext, type MessageContext } from '@li-bus/messaging';
import { createUpdateHandler } from '../src/handle-update.ts';
import { createPostEditsClient } from '../src/linkedin/post-edits-client.ts';
import { createKvMemberThrottle, nextUtcMidnight } from '../src/member-throttle.ts';
import { createKvOperationLedger } from '../src/operation-ledger.ts';
import { watchEdits } from './edits-harness.ts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

/** A delivery context whose warnings are kept: a wait must not be logged as a failed attempt. */
function contextWithWarnings() {
  const warnings: string[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) },
  );
  const ctx: MessageContext = {
    subject: 'post.update.requested',
    attempt: 1,
    msgId: undefined,
    trace: extractTraceContext(undefined),
    logger,
    working: () => undefined,
  };
  return { ctx, warnings };
}

describe('publisher edit handlers: waits are outcomes, not failed attempts', () => {
  it('a throttled member defers the edit without spending an attempt; a 5xx is a counted, logged retry', async () => {
    const h = harness();
    await h.startPublisher();
    const reply = await h.connect('conn_wait');
    const w = await watchEdits(h);
    const urn = await w.createdAtLinkedIn('conn_wait', 'Original');
    w.close();
    const throttle = await createKvMemberThrottle(h.nc);
    const ledger = await createKvOperationLedger(h.nc);
    const update = createUpdateHandler({
      tokenKeeper: h.keeper,
      events: createEventPublisher(h.nc),
      ledger,
      throttle,
      keyring: h.keyring,
      now: Date.now,
      maxAttempts: 5,
      backoffMs: () => 700,
      throttleRecheckMs: 60_000,
      edits: createPostEditsClient({
        apiBase: h.emulator.url,
        version: currentApiVersion(Date.now()),
        timeoutMs: 2000,
      }),
    });
    const command = { requestId: 'edit-wait', connectionId: 'conn_wait', postUrn: urn, text: 'Later' };
    try {
      await throttle.throttle(reply.member.sub, nextUtcMidnight(Date.now()));
      const throttled = contextWithWarnings();
      const waited = await update.handle(command, throttled.ctx);
      expect(waited).toMatchObject({ kind: 'defer', reason: 'throttled' });
      expect(await ledger.attempts('update', 'edit-wait')).toBe(0);
      expect(throttled.warnings).toEqual([]);

      await throttle.throttle(reply.member.sub, Date.now() - 1);
      await h.addFault({ method: 'POST', pathPrefix: '/rest/posts/', status: 503, times: 1 });
      const failing = contextWithWarnings();
      const retried = await update.handle(command, failing.ctx);
      expect(retried).toMatchObject({ kind: 'retry', afterMs: 700 });
      expect(await ledger.attempts('update', 'edit-wait')).toBe(1);
      expect(failing.warnings).toEqual(['update attempt failed; retrying later']);
    } finally {
      throttle.close();
    }
  });
});
