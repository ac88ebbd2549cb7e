import type { BenchInfra } from './bench-setup.ts';

/** One batch of stored `post.requested` messages (the same for every contender in a round). */
export interface Batch {
  round: number;
  count: number;
  /** The stream sequence of the batch's first message. */
  startSeq: number;
  /** Every `requestId` in the batch starts with this. */
  prefix: string;
}

/** Something that turns post requests into `POST /rest/posts` calls: the publisher, a bare loop, BullMQ… */
export interface Contender {
  /** Handles `batch.count` posts (the stored batch, or its own copy of it) as fast as it can; returns ms. */
  throughput(batch: Batch): Promise<number>;
  /** Sends `count` requests at `rate` per second; for each, the ms from sending to its create call leaving. */
  paced?(round: number, count: number, rate: number): Promise<number[]>;
  close(): Promise<void>;
}

export type ContenderFactory = (infra: BenchInfra, concurrency: number) => Promise<Contender>;
