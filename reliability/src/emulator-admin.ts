// The LinkedIn emulator's admin surface (`/_emulator/*`, fixed paths), as the scenarios use it: over real HTTP.
import { request } from 'undici';

export interface EmulatorPost {
  urn: string;
  author: string;
  commentary: string;
  submittedCommentary: string;
  createdAt: number;
}

export interface EmulatorRequest {
  id: number;
  method: string;
  path: string;
  status: number;
  fault?: 'injected' | 'dropped';
}

export interface FaultSpec {
  method: string;
  pathPrefix: string;
  times: number;
  status?: number;
  delayMs?: number;
  dropResponseAfterCommit?: boolean;
}

/** One admin call: a GET without `body`, else a POST of it as JSON; throws on an answer of 300 or above. */
export async function emulatorAdmin<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const response = await request(`${baseUrl}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) {
    throw new Error(`emulator ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}

/** Lifts the daily `POST /rest/posts` quotas so a long run never meets a 429 it did not ask for. */
export async function raiseCreateQuotas(baseUrl: string): Promise<void> {
  await emulatorAdmin(baseUrl, 'app', {
    memberDailyCreateLimit: 10_000_000,
    appDailyCreateLimit: 10_000_000,
  });
}

/** Every post the emulator stored (deleted ones included). */
export function emulatorPosts(baseUrl: string): Promise<EmulatorPost[]> {
  return emulatorAdmin(baseUrl, 'posts');
}

export function injectFault(baseUrl: string, fault: FaultSpec): Promise<{ id: string }> {
  return emulatorAdmin(baseUrl, 'faults', fault);
}

/** Adds members (no organizations) and returns their subs, in order. */
export async function addMembers(baseUrl: string, names: string[]): Promise<string[]> {
  const { members } = await emulatorAdmin<{ members: { sub: string }[] }>(baseUrl, 'members', {
    members: names.map((name) => ({ name })),
  });
  return members.map((member) => member.sub);
}

/** The emulator's request log (its last 10,000 requests; see `collectPostCreates` for longer runs). */
export function emulatorRequests(baseUrl: string): Promise<EmulatorRequest[]> {
  return emulatorAdmin(baseUrl, 'requests');
}

export function isPostCreate(entry: EmulatorRequest): boolean {
  return entry.method === 'POST' && (entry.path === '/rest/posts' || entry.path.startsWith('/rest/posts?'));
}

/**
 * The emulator keeps only its last 10,000 requests, so a long run reads the log every `intervalMs` and keeps
 * each `POST /rest/posts` entry once (by id). `stop()` reads one last time and returns them all.
 */
export function collectPostCreates(baseUrl: string, intervalMs = 2_000) {
  const seen = new Map<number, EmulatorRequest>();
  let lastId = 0;
  let gap = false;
  const read = async () => {
    const entries = await emulatorRequests(baseUrl);
    const first = entries[0];
    if (first && lastId > 0 && first.id > lastId + 1) gap = true;
    for (const entry of entries) {
      if (entry.id > lastId) lastId = entry.id;
      if (isPostCreate(entry)) seen.set(entry.id, entry);
    }
  };
  let reading = read();
  const timer = setInterval(() => {
    reading = reading.then(read, read);
  }, intervalMs);
  return {
    async stop(): Promise<{ creates: EmulatorRequest[]; complete: boolean }> {
      clearInterval(timer);
      await reading.catch(() => undefined);
      await read();
      return { creates: [...seen.values()], complete: !gap };
    },
  };
}
