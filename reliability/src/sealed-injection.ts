// Forged `token.refreshed` events on the bus: a connection's event carrying sealed values that were tampered
// with or belong to another connection. token-keeper must store none of them (they do not open for it).
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';

function withPart(sealed: string, index: number, change: (part: string) => string): string {
  return sealed
    .split('.')
    .map((part, i) => (i === index ? change(part) : part))
    .join('.');
}

const flipFirstByte = (part: string) => {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64url');
};

/** Same bytes, other text: the unused low bits of the tag's last base64url character set. */
const nonCanonical = (part: string) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(part.at(-1) ?? 'A');
  return part.slice(0, -1) + (alphabet[last ^ 1] ?? 'A');
};

/** The forged access tokens: another connection's, and this connection's own with one region tampered. */
export function forgedAccessTokens(own: string, another: string): Record<string, string> {
  return {
    "another connection's sealed token": another,
    'iv byte flipped': withPart(own, 2, flipFirstByte),
    'ciphertext byte flipped': withPart(own, 3, flipFirstByte),
    'tag byte flipped': withPart(own, 4, flipFirstByte),
    'tag in a non-canonical encoding': withPart(own, 4, nonCanonical),
    'tag truncated to 12 bytes': withPart(own, 4, (tag) =>
      Buffer.from(tag, 'base64url').subarray(0, 12).toString('base64url'),
    ),
    'unknown key id': withPart(own, 1, (keyId) => `${keyId}x`),
  };
}

/**
 * Publishes one `token.refreshed` per forged token, each a day newer than anything stored (so it would win if
 * accepted), then waits until token-keeper's consumer has settled every one of them.
 */
export async function injectForgedRefreshes(
  nc: NatsConnection,
  template: Record<string, unknown>,
  forged: Record<string, string>,
): Promise<number> {
  const js = jetstream(nc);
  let lastSeq = 0;
  let n = 0;
  for (const accessToken of Object.values(forged)) {
    const eventId = `forged-${Date.now()}-${n++}`;
    const body = {
      ...template,
      eventId,
      accessToken,
      issuedAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    lastSeq = (await js.publish(SUBJECTS.tokenRefreshed, JSON.stringify(body), { msgID: eventId })).seq;
  }
  const jsm = await jetstreamManager(nc);
  await waitFor(
    async () => {
      const info = await jsm.consumers.info(STREAMS.tokens.name, 'token-keeper-token-refreshed');
      return info.delivered.stream_seq >= lastSeq && info.num_ack_pending === 0 && info.num_pending === 0;
    },
    { timeoutMs: 20_000, message: 'token-keeper never settled the forged token.refreshed events' },
  );
  return n;
}
