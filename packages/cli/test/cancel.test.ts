import { describe, expect } from 'vitest';
import type { NatsConnection } from '@nats-io/transport-node';
import { postCancelRequested, SUBJECTS, type PostCancelRejected } from '@li-bus/contracts';
import { createEventPublisher, ensureStreams } from '@li-bus/messaging';
import { test } from '@li-bus/testkit/fixtures';
import { cliOn } from './run-cli.ts';

/**
 * The publisher's part, played on a bare bus: every `post.cancel.requested` is answered `post.cancelled`, or
 * rejected with the reason `rejected` names for its requestId. Returns the commands seen.
 */
function answerCancels(nc: NatsConnection, rejected: Record<string, PostCancelRejected['reason']> = {}) {
  const events = createEventPublisher(nc);
  const seen: unknown[] = [];
  const sub = nc.subscribe(SUBJECTS.postCancelRequested, {
    callback: (_error, msg) => {
      const command = postCancelRequested.parse(msg.json());
      seen.push(command);
      const reason = rejected[command.requestId];
      void (reason
        ? events.publish(SUBJECTS.postCancelRejected, {
            eventId: `${command.requestId}:cancel-rejected:${reason}`,
            requestId: command.requestId,
            reason,
          })
        : events.publish(SUBJECTS.postCancelled, {
            eventId: `${command.requestId}:cancelled`,
            requestId: command.requestId,
            connectionId: command.connectionId ?? 'conn_unknown',
            cancelledAt: new Date().toISOString(),
          }));
    },
  });
  return { seen, stop: () => sub.unsubscribe() };
}

describe('pnpm cli cancel', () => {
  test('cancels a queued request and prints the outcome (exit 0); rejected exit 1; bad input exit 2', async ({
    nats,
    nc,
  }) => {
    await ensureStreams(nc);
    const publisher = answerCancels(nc, { 'already-out': 'already_published' });
    try {
      // The request is in the stream first, under its own message id: the cancel must not be taken for it.
      await createEventPublisher(nc).publish(SUBJECTS.postRequested, {
        requestId: 'digest-2026-12-08',
        connectionId: 'conn_cli',
        text: 'Tomorrow',
        notBefore: new Date(Date.now() + 3600_000).toISOString(),
      });
      const cancel = [
        'cancel',
        '--request',
        'digest-2026-12-08',
        '--connection',
        'conn_cli',
        '--timeout',
        '10',
      ];
      const done = await cliOn(nats.url, ...cancel);
      expect(done.code).toBe(0);
      expect(done.stdout).toMatch(/cancelled digest-2026-12-08 at \d{4}-/);
      expect(done.stdout).not.toContain('was cancelled before');
      expect(publisher.seen).toEqual([{ requestId: 'digest-2026-12-08', connectionId: 'conn_cli' }]);

      // Again: the stream drops the repeat and the first cancel's outcome is printed.
      const again = await cliOn(nats.url, ...cancel);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('digest-2026-12-08 was cancelled before');
      expect(again.stdout).toMatch(/cancelled digest-2026-12-08 at /);

      const late = await cliOn(nats.url, 'cancel', '--request', 'already-out', '--timeout', '10');
      expect(late.code).toBe(1);
      expect(late.stdout).toContain('not cancelled: already_published');

      const invalid = await cliOn(nats.url, 'cancel', '--request', 'bad id!');
      expect(invalid.code).toBe(2);
      expect(invalid.stdout).toContain('requestId');
    } finally {
      publisher.stop();
    }
  });
});
