import { pipeline, Transform, type Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { assertHostAllowed, guardedLookup } from './address-guard.ts';
import { ACCEPTED_TYPES, MediaRejectedError, type MediaSource } from './media-source.ts';

export interface HttpsSourceConfig {
  /** Largest file accepted (bytes), checked on Content-Length and while streaming. */
  maxBytes: number;
  /** Whole download, headers to last byte. */
  timeoutMs: number;
  /** `MEDIA_ALLOW_PRIVATE_NETWORKS`: reach private, loopback and link-local addresses (development, tests). */
  allowPrivateNetworks: boolean;
  /**
   * `MEDIA_INSECURE_HTTP_HOSTS`: `host:port`s whose `https://` media URLs are fetched over plain HTTP. For
   * local test servers only (the contract accepts `https://` URLs only, so this is how tests reach one).
   */
  insecureHttpHosts: string[];
}

/** Errors the stream once more than `maxBytes` went through. */
function byteLimit(maxBytes: number, url: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new MediaRejectedError(`${url} is larger than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
}

export function createHttpsSource(config: HttpsSourceConfig): MediaSource & { close(): Promise<void> } {
  const agent = new Agent({
    connect: config.allowPrivateNetworks ? {} : { lookup: guardedLookup },
    connections: 32,
  });
  return {
    async open(url, type) {
      const parsed = new URL(url);
      if (!config.allowPrivateNetworks) {
        try {
          assertHostAllowed(parsed.hostname);
        } catch (error) {
          throw new MediaRejectedError(`${url}: ${(error as Error).message}`, { cause: error });
        }
      }
      if (config.insecureHttpHosts.includes(parsed.host)) parsed.protocol = 'http:';
      const signal = AbortSignal.timeout(config.timeoutMs);
      const response = await request(parsed, {
        method: 'GET',
        dispatcher: agent,
        signal,
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
      }).catch((error: unknown) => {
        const blocked = (e: unknown) => (e as Error | undefined)?.name === 'BlockedAddressError';
        if (blocked(error) || blocked((error as { cause?: unknown }).cause)) {
          throw new MediaRejectedError(`${url}: ${(error as Error).message}`, { cause: error });
        }
        throw error;
      });
      const drop = () => void response.body.dump().catch(() => undefined);
      if (response.statusCode !== 200) {
        drop();
        const message = `${url} answered ${response.statusCode}`;
        // A missing file will not appear by retrying; a server error might go away.
        if (response.statusCode >= 500 || response.statusCode === 429) throw new Error(message);
        throw new MediaRejectedError(message);
      }
      const contentType = String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase();
      if (!contentType || !ACCEPTED_TYPES[type].test(contentType)) {
        drop();
        throw new MediaRejectedError(`${url} is ${contentType || 'of no content type'}, not a ${type}`);
      }
      const length = Number(response.headers['content-length']);
      const size = Number.isFinite(length) && length >= 0 ? length : undefined;
      if (size !== undefined && size > config.maxBytes) {
        drop();
        throw new MediaRejectedError(`${url} is ${size} bytes, more than ${config.maxBytes}`);
      }
      // pipeline: an error on either side (too big, aborted, destroyed by the uploader) ends both.
      const stream: Readable = pipeline(response.body, byteLimit(config.maxBytes, url), () => undefined);
      return { stream, size, contentType, name: decodeURIComponent(parsed.pathname.split('/').pop() ?? '') };
    },
    close: () => agent.close(),
  };
}
