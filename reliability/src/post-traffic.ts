// A steady stream of `post.requested` commands over several connections, through `@li-bus/client`, with a
// bounded backlog so the requests keep flowing for the whole run (through crashes and restarts).
import type { NatsConnection } from '@nats-io/transport-node';
import { requestPost } from '@li-bus/client';
import { postText } from './delivery-figures.ts';

export interface PostTrafficOptions {
  nc: NatsConnection;
  connectionIds: readonly string[];
  count: number;
  /** Makes the requestIds of this run unique (`<prefix>-<n>`). */
  prefix: string;
  /** Requests published but not yet terminal, at most (`done` is the set of terminal requestIds). */
  maxBacklog: number;
  done: ReadonlySet<string>;
  /** Publishes in flight at once (default 16). */
  concurrency?: number;
}

export interface PostTraffic {
  /** requestIds whose JetStream publish was acknowledged. */
  acknowledged: string[];
  /** requestIds whose publish failed loudly (no ack: the caller was told). */
  failed: string[];
  /** Resolves when every request was published (or failed to be). */
  finished: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startPostTraffic(options: PostTrafficOptions): PostTraffic {
  const acknowledged: string[] = [];
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      while (acknowledged.length - options.done.size >= options.maxBacklog) await sleep(20);
      const n = next++;
      if (n >= options.count) return;
      const requestId = `${options.prefix}-${n}`;
      const connectionId = options.connectionIds[n % options.connectionIds.length] ?? '';
      try {
        await requestPost(
          options.nc,
          { requestId, connectionId, text: postText(requestId) },
          { wait: false },
        );
        acknowledged.push(requestId);
      } catch {
        failed.push(requestId);
      }
    }
  };
  const finished = Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker)).then(() => {});
  return { acknowledged, failed, finished };
}
