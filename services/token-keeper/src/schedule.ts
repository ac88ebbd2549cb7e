import type { NoticeMarkers } from './token-record.ts';

export interface Claim {
  connectionIds: string[];
  /** The lease time the claim holds them until; the commit must present it. */
  lease: number;
}

export interface Commit {
  connectionId: string;
  lease: number;
  /** The record revision the actions were computed from. */
  revision: number;
  nextAt: number | null;
  expire: boolean;
  markers: NoticeMarkers;
  now: number;
}

/** `lost`: another replica holds it now; `gone`: no record; `changed`: re-evaluated later; `committed`. */
export type CommitOutcome = 'lost' | 'gone' | 'changed' | 'committed';

export interface ScheduleSize {
  scheduled: number;
  leased: number;
}

/** One sorted set of next-action times shared by every replica, with leases for claimed entries. */
export interface Schedule {
  /** Sets a connection's next-action time, unless its record changed since `revision` or a replica holds it. */
  place(connectionId: string, revision: number, at: number | null): Promise<boolean>;
  /** Atomically takes up to `limit` entries due at `now` and leases them until `now + leaseMs`. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<Claim>;
  commit(commit: Commit): Promise<CommitOutcome>;
  nextActionAt(connectionId: string): Promise<number | null>;
  size(): Promise<ScheduleSize>;
  /** The policy fingerprint the schedule was built with, and whether it has any entry at all. */
  state(): Promise<{ fingerprint: string | null; empty: boolean }>;
  markBuilt(fingerprint: string): Promise<void>;
  /** A lock so that one replica rebuilds at a time; false when another one holds it. */
  lockRebuild(holder: string, ttlMs: number): Promise<boolean>;
  unlockRebuild(holder: string): Promise<void>;
}
