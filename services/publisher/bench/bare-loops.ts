import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'undici';
import { STREAMS } from '@li-bus/contracts';
import { textPostBody } from '@li-bus/linkedin-emulator';

export interface LoopOptions {
  nc: NatsConnection;
  durable: string;
  subject: string;
  count: number;
  concurrency: number;
  /** The stream sequence to start at (default: the subject's first message). */
  startSeq?: number;
  /** The work per message (none for the consume-and-ack baseline). */
  work?: (m: JsMsg) => Promise<void>;
}

/** Consumes `count` messages from POSTS with at most `concurrency` in flight, acking each; returns ms taken. */
export async function runBareLoop(options: LoopOptions): Promise<number> {
  const jsm = await jetstreamManager(options.nc);
  await jsm.consumers.add(STREAMS.posts.name, {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    ...(options.startSeq
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.startSeq }
      : { deliver_policy: DeliverPolicy.All }),
    filter_subject: options.subject,
    max_ack_pending: options.concurrency * 4,
  });
  const consumer = await jetstream(options.nc).consumers.get(STREAMS.posts.name, options.durable);
  const started = performance.now();
  const messages = await consumer.consume({ max_messages: options.concurrency });
  let done = 0;
  let inFlight = 0;
  let freed: (() => void) | undefined;
  let finished!: () => void;
  const all = new Promise<void>((resolve) => (finished = resolve));
  const complete = (m: JsMsg) => {
    m.ack();
    inFlight -= 1;
    freed?.();
    done += 1;
    if (done === options.count) finished();
  };
  void (async () => {
    for await (const m of messages) {
      if (!options.work) {
        complete(m);
        continue;
      }
      while (inFlight >= options.concurrency) await new Promise<void>((resolve) => (freed = resolve));
      inFlight += 1;
      void options.work(m).then(
        () => complete(m),
        () => complete(m),
      );
    }
  })();
  await all;
  const elapsed = performance.now() - started;
  await messages.close();
  await jsm.consumers.delete(STREAMS.posts.name, options.durable);
  return elapsed;
}

/** The unavoidable work per post: one `POST /rest/posts` to the emulator with the versioned headers. */
export function createBarePoster(emulatorUrl: string, accessToken: string, author: string, version: string) {
  const pool = new Pool(emulatorUrl, { connections: 64 });
  return {
    async post(text: string): Promise<void> {
      const response = await pool.request({
        path: '/rest/posts',
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'linkedin-version': version,
          'x-restli-protocol-version': '2.0.0',
          'content-type': 'application/json',
        },
        body: JSON.stringify(textPostBody(author, text)),
      });
      await response.body.dump();
      if (response.statusCode !== 201) throw new Error(`emulator answered ${response.statusCode}`);
    },
    close: () => pool.close(),
  };
}
