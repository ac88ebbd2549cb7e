// Where secrets could leak to, read back as text, and the scan over it. Shared by the dev-stack secret-hygiene
// test and the reliability secret-hygiene scenario.
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';

/** Every message body and header in every stream (POSTS, TOKENS and the KV buckets). */
export async function allStreamContents(nc: NatsConnection): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const out: string[] = [];
  for await (const stream of jsm.streams.list()) {
    for (let seq = stream.state.first_seq; seq <= stream.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream.config.name, { seq }).catch(() => null);
      if (message)
        out.push(
          `${stream.config.name} ${message.subject} ${JSON.stringify(message.header)} ${message.string()}`,
        );
    }
  }
  return out;
}

/** Every key and value in Redis, whatever its type. */
export async function allRedisContents(url: string): Promise<string[]> {
  const redis = new Redis(url);
  const out: string[] = [];
  try {
    for (const key of await redis.keys('*')) {
      const type = await redis.type(key);
      const value =
        type === 'hash'
          ? await redis.hgetall(key)
          : type === 'zset'
            ? await redis.zrange(key, '0', '-1', 'WITHSCORES')
            : type === 'set'
              ? await redis.smembers(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'string'
                  ? await redis.get(key)
                  : type;
      out.push(`${key} ${JSON.stringify(value)}`);
    }
  } finally {
    await redis.quit();
  }
  return out;
}

export interface SecretHit {
  /** The secret's name (never its value). */
  secret: string;
  /** The first 200 characters of the entry it was found in. */
  excerpt: string;
}

/** Every entry of `haystack` that contains one of the secrets' values, named by the secret. */
export function findSecrets(
  haystack: readonly string[],
  secrets: Readonly<Record<string, string>>,
): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const [secret, value] of Object.entries(secrets)) {
    if (value.length < 8) throw new Error(`secret ${secret} is too short to scan for`);
    for (const entry of haystack)
      if (entry.includes(value)) hits.push({ secret, excerpt: entry.slice(0, 200) });
  }
  return hits;
}

/**
 * The one-time values a connect flow carried in URLs, read from the gateway's answers: the connect `session`
 * (in the authorize answer) and LinkedIn's `state` (in the redirect to LinkedIn). They may appear in those
 * answers by design, but never in spans or logs.
 */
export function oneTimeUrlValues(answers: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of ['session', 'state'] as const) {
    const values = new Set(
      answers.flatMap((answer) =>
        [...answer.matchAll(new RegExp(`[?&]${name}=([\\w-]{16,})`, 'g'))].map((m) => m[1] ?? ''),
      ),
    );
    [...values].forEach((value, i) => (found[`connect ${name} ${i + 1}`] = value));
  }
  return found;
}

/** Every exported span as text (name, service, attributes), to scan for secrets. */
export function spanContents(
  spans: readonly { service: string; name: string; attributes: object }[],
): string[] {
  return spans.map((span) => `${span.service} ${span.name} ${JSON.stringify(span.attributes)}`);
}
