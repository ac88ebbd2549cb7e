// What the refresh executors did, seen from outside the services: every `token.refreshed` on the bus (a core
// subscription sees the JetStream publishes), the refresh grants in the emulator's request log, and whether
// each connection's stored token is the newest one and still accepted by "LinkedIn".
import type { NatsConnection } from '@nats-io/transport-node';
import { request } from 'undici';
import { SUBJECTS } from '@li-bus/contracts';
import { requestTokens } from '@li-bus/token-keeper-client';
import type { Keyring } from '@li-bus/sealing';
import { emulatorRequests, type EmulatorRequest } from './emulator-admin.ts';

export interface RefreshedEvent {
  connectionId: string;
  /** The event's `issuedAt` in ms: token-keeper's version for the access token it carries. */
  issuedAtMs: number;
  /** Sealed, as on the bus. */
  accessToken: string;
  /** When this process saw it (ms). */
  seenAt: number;
}

/** Every `token.refreshed` from now on, by connection, in the order seen. */
export function watchRefreshed(nc: NatsConnection) {
  const byConnection = new Map<string, RefreshedEvent[]>();
  let total = 0;
  const sub = nc.subscribe(SUBJECTS.tokenRefreshed, {
    callback: (_error, msg) => {
      try {
        const body = msg.json<{ connectionId: string; issuedAt: string; accessToken: string }>();
        const event = {
          connectionId: body.connectionId,
          issuedAtMs: Date.parse(body.issuedAt),
          accessToken: body.accessToken,
          seenAt: Date.now(),
        };
        const list = byConnection.get(event.connectionId) ?? [];
        list.push(event);
        byConnection.set(event.connectionId, list);
        total += 1;
      } catch {
        // not a token event body
      }
    },
  });
  return {
    byConnection,
    get total() {
      return total;
    },
    /** The event with the highest `issuedAt` for the connection (the one that must win). */
    newest(connectionId: string): RefreshedEvent | undefined {
      const list = byConnection.get(connectionId) ?? [];
      return list.reduce<RefreshedEvent | undefined>(
        (best, e) => (!best || e.issuedAtMs > best.issuedAtMs ? e : best),
        undefined,
      );
    },
    stop: () => sub.unsubscribe(),
  };
}

/** The id of the newest request in the log (0 when empty): later entries happened after this moment. */
export async function requestLogMark(baseUrl: string): Promise<number> {
  return (await emulatorRequests(baseUrl)).at(-1)?.id ?? 0;
}

/**
 * Token-endpoint calls after `mark`. The log holds no bodies, so the grant type is not in it: a run that makes
 * no code exchange after `mark` (nobody connects) knows every one of these is a `grant_type=refresh_token`.
 * `complete` is false when the ring wrapped past `mark` (the count would then be a lower bound).
 */
export async function tokenGrantsSince(
  baseUrl: string,
  mark: number,
): Promise<{ grants: EmulatorRequest[]; complete: boolean }> {
  const log = await emulatorRequests(baseUrl);
  const first = log[0]?.id ?? mark + 1;
  return {
    grants: log.filter(
      (e) => e.id > mark && e.method === 'POST' && e.path.startsWith('/oauth/v2/accessToken'),
    ),
    complete: first <= mark + 1,
  };
}

/** Whether the emulator accepts `accessToken` for an API call (`/v2/userinfo`, 200). */
export async function emulatorAccepts(baseUrl: string, accessToken: string): Promise<boolean> {
  const response = await request(`${baseUrl}/v2/userinfo`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.body.dump();
  return response.statusCode === 200;
}

/** The plaintext access token token-keeper serves for the connection (`tokens.get`, opened). */
export async function storedAccessToken(
  nc: NatsConnection,
  keyring: Keyring,
  connectionId: string,
): Promise<string> {
  const reply = await requestTokens(nc, connectionId, { timeoutMs: 10_000 });
  return keyring.open(reply.accessToken, connectionId);
}

export interface StoredTokenCheck {
  /** `tokens.get` answers with the plaintext of the newest `token.refreshed` of the connection. */
  newest: number;
  /** The emulator accepts the token `tokens.get` answers with. */
  working: number;
  failures: string[];
}

/** Checks every connection's stored token against its newest refresh and against the emulator. */
export async function checkStoredTokens(options: {
  nc: NatsConnection;
  keyring: Keyring;
  emulatorUrl: string;
  connectionIds: readonly string[];
  newest: (connectionId: string) => RefreshedEvent | undefined;
  concurrency?: number;
}): Promise<StoredTokenCheck> {
  const result: StoredTokenCheck = { newest: 0, working: 0, failures: [] };
  const queue = [...options.connectionIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const stored = await storedAccessToken(options.nc, options.keyring, id);
        const newest = options.newest(id);
        if (newest && options.keyring.open(newest.accessToken, id) === stored) result.newest += 1;
        else result.failures.push(`${id}: stored token is not the newest refresh`);
        if (await emulatorAccepts(options.emulatorUrl, stored)) result.working += 1;
        else result.failures.push(`${id}: the emulator refused the stored token`);
      } catch (error) {
        result.failures.push(`${id}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return result;
}
