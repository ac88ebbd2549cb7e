import { jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { WAITING_STREAM, waitingSubjectOf } from './schedule-subjects.ts';

/**
 * Waiting requests per connection, a NATS counter (ADR-49): +1 when a request's ledger entry becomes `waiting`,
 * −1 when it leaves it, each sent once per ledger transition (its `Nats-Msg-Id` names the request and the
 * revision the transition wrote, so a repeated send is dropped). A crash between the ledger write and the count
 * can leave the count off by one for that connection; the bound it serves is a fairness limit, not an exact one.
 */
export interface WaitingCount {
  /** Adds `delta` and returns the connection's new count. */
  add(connectionId: string, delta: 1 | -1, msgId: string): Promise<number>;
  current(connectionId: string): Promise<number>;
}

export function createWaitingCount(nc: NatsConnection): WaitingCount {
  const manager = jetstreamManager(nc);
  async function current(connectionId: string) {
    const jsm = await manager;
    const last = await jsm.direct.getMessage(WAITING_STREAM, {
      last_by_subj: waitingSubjectOf(connectionId),
    });
    return last ? Number(last.json<{ val?: string }>().val ?? 0) : 0;
  }
  return {
    current,
    async add(connectionId, delta, msgId) {
      const h = headers();
      h.set('Nats-Incr', delta > 0 ? '+1' : '-1');
      h.set('Nats-Msg-Id', msgId);
      const reply = await nc.request(waitingSubjectOf(connectionId), new Uint8Array(), {
        headers: h,
        timeout: 5000,
      });
      const ack = reply.json<{ val?: string; duplicate?: boolean; error?: { description?: string } }>();
      if (ack.error) throw new Error(`waiting count: ${ack.error.description ?? 'refused'}`);
      // A repeated send is not counted again (and its ack carries no value): read the count as it is.
      return ack.val === undefined ? current(connectionId) : Number(ack.val);
    },
  };
}
