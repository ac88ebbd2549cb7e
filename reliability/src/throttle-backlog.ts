// A throttled member that keeps asking all day: its requests wait (a nak with a delay each) and every waiting
// request counts against the publisher consumer's max_ack_pending. With thousands of them waiting, do the other
// members' requests still get through?
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { STREAMS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import type { Figure } from './scenario.ts';
import { publishRound } from './throughput-rounds.ts';

export interface ThrottleBacklogOptions {
  nc: NatsConnection;
  durable: string;
  /** The publisher's PUBLISH_MAX_ACK_PENDING. */
  maxAckPending: number;
  /** How many waiting requests the throttled member piles up (at most enough to fill max_ack_pending). */
  backlog: number;
  throttledConnectionId: string;
  otherConnectionIds: readonly string[];
  /** requestIds that reached a terminal event (see `watchTerminal`). */
  done: ReadonlySet<string>;
  prefix: string;
  probePerMember: number;
  probeTimeoutMs: number;
  log: (message: string) => void;
}

export async function throttleBacklogFigures(
  options: ThrottleBacklogOptions,
): Promise<{ figures: Figure[]; requested: string[] }> {
  const jsm = await jetstreamManager(options.nc);
  const consumer = () => jsm.consumers.info(STREAMS.posts.name, options.durable);
  const waiting = (await consumer()).num_ack_pending;
  const more = Math.max(0, Math.min(options.maxAckPending - waiting + 10, options.backlog - waiting));
  const flood = await publishRound({
    nc: options.nc,
    connectionIds: [options.throttledConnectionId],
    perMember: more,
    prefix: `${options.prefix}-flood`,
  });
  // Every flood request is delivered and deferred, or the consumer is full.
  await waitFor(
    async () => {
      const info = await consumer();
      return (
        info.num_pending === 0 || info.num_ack_pending >= Math.min(options.maxAckPending, options.backlog)
      );
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  ).catch(() => undefined);
  const atProbe = await consumer();
  options.log(
    `throttled member has ${atProbe.num_ack_pending + atProbe.num_pending} requests waiting ` +
      `(ack pending ${atProbe.num_ack_pending}); the others post ${options.probePerMember} each`,
  );
  const probe = await publishRound({
    nc: options.nc,
    connectionIds: options.otherConnectionIds,
    perMember: options.probePerMember,
    prefix: `${options.prefix}-probe`,
  });
  const probeIds = [...probe.values()].flat();
  const started = Date.now();
  await waitFor(() => probeIds.every((id) => options.done.has(id)), {
    timeoutMs: options.probeTimeoutMs,
    intervalMs: 100,
  }).catch(() => undefined);
  const through = probeIds.filter((id) => options.done.has(id)).length;
  const figures: Figure[] = [
    {
      name: "throttled member's waiting requests at the probe",
      value: atProbe.num_ack_pending + atProbe.num_pending,
    },
    { name: 'publisher consumer ack pending at the probe', value: atProbe.num_ack_pending },
    {
      name: `others' probe requests terminal within ${Math.round(options.probeTimeoutMs / 1000)} s`,
      value: through,
      bar: { eq: probeIds.length },
    },
    { name: "others' probe wait", value: Math.round((Date.now() - started) / 100) / 10, unit: 's' },
  ];
  return { figures, requested: [...(flood.get(options.throttledConnectionId) ?? []), ...probeIds] };
}
