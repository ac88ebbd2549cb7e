// token-keeper's `tokens.get` answer for many connections: the sealed access token of each one that answered.
import type { NatsConnection } from '@nats-io/transport-node';
import { requestTokens } from '@li-bus/token-keeper-client';

/** connectionId → sealed access token, for every connection `tokens.get` answered (errors are left out). */
export async function sealedTokensOf(
  nc: NatsConnection,
  connectionIds: readonly string[],
  concurrency = 32,
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const queue = [...connectionIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const reply = await requestTokens(nc, id).catch(() => undefined);
      if (reply) tokens.set(id, reply.accessToken);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tokens;
}
