// LinkedIn's per-member daily create quota, driven through the emulator: a new emulated UTC day (the clock), the
// limit (app settings), a member who has used up the day's quota elsewhere (direct creates with its own token),
// and which members the publisher holds as throttled (its KV bucket `publisher_throttle`).
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { request } from 'undici';
import { createEmulatorAdmin, textPostBody, currentApiVersion } from '@li-bus/linkedin-emulator';

const DAY_MS = 24 * 3600_000;

/** Moves the emulated clock to one minute past the next 00:00 UTC: every daily counter starts again. */
export async function startNextEmulatedDay(baseUrl: string): Promise<string> {
  const admin = createEmulatorAdmin(baseUrl);
  const { now } = await admin.clock();
  const next = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS + 60_000;
  const moved = await admin.advanceClock((next - now) / 1000);
  return moved.iso;
}

export async function setMemberDailyCreateLimit(baseUrl: string, limit: number): Promise<void> {
  await createEmulatorAdmin(baseUrl).updateApp({
    memberDailyCreateLimit: limit,
    appDailyCreateLimit: 10_000_000,
  });
}

/** The emulated month as `YYYYMM`: always an active `LinkedIn-Version`. */
async function currentVersion(baseUrl: string): Promise<string> {
  // The newest version the emulator's table accepts at its time (not the current month: 202612 is unreleased).
  const { now } = await createEmulatorAdmin(baseUrl).clock();
  return currentApiVersion(now);
}

async function createPost(baseUrl: string, accessToken: string, sub: string, text: string, version: string) {
  const response = await request(`${baseUrl}/rest/posts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      'linkedin-version': version,
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    },
    body: JSON.stringify(textPostBody(`urn:li:person:${sub}`, text)),
  });
  await response.body.dump();
  return response.statusCode;
}

/**
 * The member spends the whole day's quota outside the system (another tool on the same app): `limit` creates
 * with its own token, then one more, whose status it returns (429 when the quota is used up).
 */
export async function useUpDailyQuota(options: {
  baseUrl: string;
  accessToken: string;
  sub: string;
  limit: number;
  label: string;
}): Promise<number> {
  const version = await currentVersion(options.baseUrl);
  const post = (n: number) =>
    createPost(
      options.baseUrl,
      options.accessToken,
      options.sub,
      `quota-filler ${options.label} ${n}`,
      version,
    );
  for (let n = 0; n < options.limit; n += 10) {
    const batch = Array.from({ length: Math.min(10, options.limit - n) }, (_, i) => post(n + i));
    const statuses = await Promise.all(batch);
    if (statuses.some((status) => status !== 201))
      throw new Error(`quota filler answered ${statuses.join(',')}`);
  }
  return post(options.limit);
}

/** The members (subs) the publisher holds as throttled right now: the keys of its KV bucket. */
export async function publisherThrottledMembers(nc: NatsConnection): Promise<string[]> {
  const kv = await new Kvm(nc).open('publisher_throttle');
  const subs: string[] = [];
  for await (const key of await kv.keys('m.>')) {
    const entry = await kv.get(key);
    if (entry?.operation === 'PUT' && Number(entry.string()) > Date.now()) {
      subs.push(Buffer.from(key.slice(2), 'base64url').toString('utf8'));
    }
  }
  return subs;
}
