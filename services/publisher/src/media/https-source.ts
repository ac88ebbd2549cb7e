import { pipeline, Transform, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import { assertPublicHost, guardedLookup, RefusedAddressError } from '@li-bus/net-guard';
import { uncountedHttpRequest } from '@li-bus/service-kit';
import {
  noMediaFetchMetrics,
  type MediaFetchMetrics,
  type MediaFetchOutcome,
} from './media-fetch-metrics.ts';
import { ACCEPTED_TYPES, MediaRejectedError, type MediaSource, type MediaType } from './media-source.ts';

export interface HttpsSourceConfig {
  /** Largest file accepted (bytes), checked on Content-Length and while streaming. */
  maxBytes: number;
  /** Whole download, headers to last byte. */
  timeoutMs: number;
  /** `MEDIA_ALLOW_PRIVATE_NETWORKS`: reach addresses that are not public unicast (development, tests). */
  allowPrivateNetworks: boolean;
  /**
   * `MEDIA_INSECURE_HTTP_HOSTS`: `host:port`s whose `https://` media URLs are fetched over plain HTTP. For
   * local test servers only (the contract accepts `https://` URLs only, so this is how tests reach one).
   */
  insecureHttpHosts: string[];
}

/** What a caller is told about a refused host: never the address it resolved to (that stays in the logs). */
export const REFUSED_HOST_MESSAGE = "the media URL's host is not a public address";

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

export function createHttpsSource(
  config: HttpsSourceConfig,
  deps: { logger?: Logger; metrics?: MediaFetchMetrics } = {},
): MediaSource & { close(): Promise<void> } {
  const metrics = deps.metrics ?? noMediaFetchMetrics;
  const agent = new Agent({
    connect: config.allowPrivateNetworks ? {} : { lookup: guardedLookup },
    connections: 32,
  });

  function refused(url: string, type: MediaType, error: RefusedAddressError): MediaRejectedError {
    deps.logger?.warn({ url, host: error.host, address: error.address }, 'media host refused: not public');
    metrics.count('https', type, 'refused_address');
    return new MediaRejectedError(`${url}: ${REFUSED_HOST_MESSAGE}`, { cause: error });
  }

  function fail(type: MediaType, outcome: MediaFetchOutcome, error: Error): Error {
    metrics.count('https', type, outcome);
    return error;
  }

  return {
    async open(url, type) {
      const parsed = new URL(url);
      if (!config.allowPrivateNetworks) {
        try {
          assertPublicHost(parsed.hostname);
        } catch (error) {
          throw refused(url, type, error as RefusedAddressError);
        }
      }
      if (config.insecureHttpHosts.includes(parsed.host)) parsed.protocol = 'http:';
      const signal = AbortSignal.timeout(config.timeoutMs);
      // Not counted in linkedin_requests_total: a caller-chosen URL would add a series per URL.
      const response = await uncountedHttpRequest(() =>
        request(parsed, {
          method: 'GET',
          dispatcher: agent,
          signal,
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
        }),
      ).catch((error: unknown) => {
        const refusal = RefusedAddressError.find(error);
        if (refusal) throw refused(url, type, refusal);
        deps.logger?.warn({ url, err: error }, 'media fetch failed');
        const code = (error as { code?: unknown }).code;
        // Transient (retried); the message names no address, the cause (logged) has the details.
        throw fail(
          type,
          'network_error',
          new Error(`${url} could not be fetched${typeof code === 'string' ? ` (${code})` : ''}`, {
            cause: error,
          }),
        );
      });
      const drop = () => void response.body.dump().catch(() => undefined);
      if (response.statusCode !== 200) {
        drop();
        const message = `${url} answered ${response.statusCode}`;
        // A missing file will not appear by retrying; a server error might go away.
        if (response.statusCode >= 500 || response.statusCode === 429) {
          throw fail(type, 'server_error', new Error(message));
        }
        throw fail(type, 'client_error', new MediaRejectedError(message));
      }
      const contentType = String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase();
      if (!contentType || !ACCEPTED_TYPES[type].test(contentType)) {
        drop();
        const message = `${url} is ${contentType || 'of no content type'}, not a ${type}`;
        throw fail(type, 'wrong_type', new MediaRejectedError(message));
      }
      const length = Number(response.headers['content-length']);
      const size = Number.isFinite(length) && length >= 0 ? length : undefined;
      if (size !== undefined && size > config.maxBytes) {
        drop();
        const message = `${url} is ${size} bytes, more than ${config.maxBytes}`;
        throw fail(type, 'too_large', new MediaRejectedError(message));
      }
      metrics.count('https', type, 'ok');
      // pipeline: an error on either side (too big, aborted, destroyed by the uploader) ends both.
      const stream: Readable = pipeline(response.body, byteLimit(config.maxBytes, url), () => undefined);
      return { stream, size, contentType, name: decodeURIComponent(parsed.pathname.split('/').pop() ?? '') };
    },
    close: () => agent.close(),
  };
}
