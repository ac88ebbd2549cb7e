// A typed client of the emulator's admin surface (`/_emulator/*`, fixed paths in design.md), over real HTTP:
// what tests, benchmarks and the reliability scenarios use instead of hand-written requests and types.
import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { AppBody, MembersBody } from './admin-schemas.ts';
import type { Fault, FaultSpec } from './faults.ts';
import type { Member, OrganizationRole } from './directory.ts';
import type { QuotaSnapshot } from './quota.ts';
import type { RequestLogEntry } from './request-log.ts';
import type { AppSettings } from './settings.ts';
import type { StoredPost } from './post-store.ts';

/** A stored post as `GET /_emulator/posts` shows it (deleted ones included). */
export type EmulatorPost = StoredPost;

/** A media asset as `GET /_emulator/media` shows it (`fileSizeBytes`, `parts`, `uploadedPartIds`: video only). */
export interface EmulatorMedia {
  urn: string;
  kind: string;
  owner: string;
  status: string;
  createdAt: number;
  uploadUrlExpiresAt: number;
  contentType: string | null;
  uploadedBytes: number;
  sha256: string | null;
  processingFailureReason: string | null;
  fileSizeBytes?: number;
  parts?: { firstByte: number; lastByte: number; uploadedBytes: number; sha256: string; etag: string }[];
  uploadedPartIds?: string[] | null;
}

export type EmulatorMember = Omit<Member, 'roles'> & {
  organizations: { urn: string; name: string; role: OrganizationRole }[];
};

export interface EmulatorClock {
  now: number;
  iso: string;
}

/** A fault to inject; `times` defaults to 1. */
export type FaultInput = Omit<FaultSpec, 'times'> & { times?: number };
export type AppPatch = z.input<typeof AppBody>;
export type NewMember = z.input<typeof MembersBody>['members'][number];

export interface EmulatorAdmin {
  posts(): Promise<EmulatorPost[]>;
  /** The request log (its last `MAX_REQUEST_LOG_ENTRIES` entries). */
  requests(): Promise<RequestLogEntry[]>;
  media(): Promise<EmulatorMedia[]>;
  failMedia(urn: string, reason?: string): Promise<EmulatorMedia>;
  reset(): Promise<{ reset: true; now: number }>;
  clock(): Promise<EmulatorClock>;
  advanceClock(seconds: number): Promise<EmulatorClock>;
  app(): Promise<AppSettings>;
  updateApp(patch: AppPatch): Promise<AppSettings>;
  faults(): Promise<Fault[]>;
  addFault(fault: FaultInput): Promise<Fault>;
  clearFaults(): Promise<void>;
  members(): Promise<EmulatorMember[]>;
  addMembers(members: NewMember[]): Promise<EmulatorMember[]>;
  revokeMember(sub: string): Promise<{ sub: string; clientId: string; revokedTokens: number }>;
  quotas(): Promise<QuotaSnapshot & { limits: { perMember: number; perApp: number } }>;
}

export class EmulatorAdminError extends Error {
  readonly code = 'emulator_admin_failed';
  readonly path: string;
  readonly status: number;
  constructor(path: string, status: number, body: string) {
    super(`emulator ${path} answered ${status}: ${body.slice(0, 300)}`);
    this.name = 'EmulatorAdminError';
    this.path = path;
    this.status = status;
  }
}

/** One admin call; `body` is sent as JSON. Throws `EmulatorAdminError` on an answer of 300 or above. */
async function call<T>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body: unknown,
  dispatcher: Dispatcher | undefined,
): Promise<T> {
  const response = await request(`${baseUrl}/_emulator/${path}`, {
    method,
    ...(dispatcher ? { dispatcher } : {}),
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new EmulatorAdminError(path, response.statusCode, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The admin client of the emulator at `baseUrl` (`http://127.0.0.1:PORT`, no trailing slash). */
export function createEmulatorAdmin(
  baseUrl: string,
  options: { dispatcher?: Dispatcher } = {},
): EmulatorAdmin {
  const get = <T>(path: string) => call<T>(baseUrl, 'GET', path, undefined, options.dispatcher);
  const post = <T>(path: string, body: unknown) => call<T>(baseUrl, 'POST', path, body, options.dispatcher);
  return {
    posts: () => get('posts'),
    requests: () => get('requests'),
    media: () => get('media'),
    failMedia: (urn, reason) => post('media/fail', { urn, ...(reason === undefined ? {} : { reason }) }),
    reset: () => post('reset', {}),
    clock: () => get('clock'),
    advanceClock: (seconds) => post('clock', { advanceSeconds: seconds }),
    app: () => get('app'),
    updateApp: (patch) => post('app', patch),
    faults: () => get('faults'),
    addFault: (fault) => post('faults', fault),
    clearFaults: () => call(baseUrl, 'DELETE', 'faults', undefined, options.dispatcher),
    members: async () => (await get<{ members: EmulatorMember[] }>('members')).members,
    addMembers: async (members) =>
      (await post<{ members: EmulatorMember[] }>('members', { members })).members,
    revokeMember: (sub) => post(`members/${encodeURIComponent(sub)}/revoke`, {}),
    quotas: () => get('quotas'),
  };
}
