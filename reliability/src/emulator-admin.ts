// The LinkedIn emulator's admin surface (`/_emulator/*`, fixed paths) as the scenarios use it: over real HTTP,
// through the emulator's own typed client.
import {
  createEmulatorAdmin,
  type EmulatorPost as AdminPost,
  type Fault,
  type FaultInput,
  type RequestLogEntry,
} from '@li-bus/linkedin-emulator';

/** The fields of a stored post the scenarios judge. */
export type EmulatorPost = Pick<
  AdminPost,
  'urn' | 'author' | 'commentary' | 'submittedCommentary' | 'createdAt'
>;

/** The fields of a request-log entry the scenarios count. */
export type EmulatorRequest = Pick<RequestLogEntry, 'id' | 'method' | 'path' | 'status' | 'fault'>;

export type { FaultInput as FaultSpec } from '@li-bus/linkedin-emulator';

/** Lifts the daily `POST /rest/posts` quotas so a long run never meets a 429 it did not ask for. */
export async function raiseCreateQuotas(baseUrl: string): Promise<void> {
  await createEmulatorAdmin(baseUrl).updateApp({
    memberDailyCreateLimit: 10_000_000,
    appDailyCreateLimit: 10_000_000,
  });
}

/** Every post the emulator stored (deleted ones included). */
export function emulatorPosts(baseUrl: string): Promise<EmulatorPost[]> {
  return createEmulatorAdmin(baseUrl).posts();
}

export function injectFault(baseUrl: string, fault: FaultInput): Promise<Fault> {
  return createEmulatorAdmin(baseUrl).addFault(fault);
}

/** Adds members (no organizations) and returns their subs, in order. */
export async function addMembers(baseUrl: string, names: string[]): Promise<string[]> {
  const members = await createEmulatorAdmin(baseUrl).addMembers(names.map((name) => ({ name })));
  return members.map((member) => member.sub);
}

/** The emulator's request log (its last 10,000 requests; see `collectPostCreates` for longer runs). */
export function emulatorRequests(baseUrl: string): Promise<EmulatorRequest[]> {
  return createEmulatorAdmin(baseUrl).requests();
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
