import { Agent, request } from 'undici';
import { assertPublicHost, guardedLookup, RefusedAddressError } from '@li-bus/net-guard';
import { uncountedHttpRequest } from '@li-bus/service-kit';
import { OAuthError } from './oauth-error.ts';

/** The draft recommends 5 KB; real documents (VS Code's, Claude's) are well under 1 KB. */
export const MAX_DOCUMENT_BYTES = 5 * 1024;
/** Headers to last byte: a consent page must not wait on a slow client host. */
export const DOCUMENT_TIMEOUT_MS = 5000;

/** A fetched document, not yet validated, and how long its server lets it be cached. */
export interface FetchedDocument {
  body: unknown;
  maxAgeSeconds: number | undefined;
}

export interface DocumentFetcher {
  /** Fetches `url` (already checked by `checkClientIdUrl`); refusals are `invalid_client` with the reason. */
  fetch(url: URL, options: { guarded: boolean }): Promise<FetchedDocument>;
}

/** What a caller is told about a refused host: never the address it resolved to (the cause keeps it for logs). */
export const REFUSED_HOST_MESSAGE = "the client metadata document's host is not a public address";

const refuse = (description: string, cause?: unknown) =>
  new OAuthError('invalid_client', description, undefined, { cause });
const DOCUMENT = 'the client metadata document';

/** `max-age` of a Cache-Control header (`no-store`/`no-cache` count as 0; the cache applies its own bounds). */
export function maxAgeOf(header: string | string[] | undefined): number | undefined {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(value)) return 0;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/**
 * Fetches Client ID Metadata Documents with undici: only public unicast addresses (`@li-bus/net-guard`, checked
 * when the socket connects, so DNS cannot be rebound), no redirects, `application/json` only, the size limit
 * enforced while the body streams in, one deadline for the whole fetch. `guarded: false` is for the hosts of
 * `OAUTH_CLIENT_METADATA_INSECURE_HOSTS` only.
 */
export function createDocumentFetcher(): DocumentFetcher {
  const options = { headersTimeout: DOCUMENT_TIMEOUT_MS, bodyTimeout: DOCUMENT_TIMEOUT_MS, connections: 16 };
  const guardedAgent = new Agent({ ...options, connect: { lookup: guardedLookup } });
  const insecureAgent = new Agent(options);

  async function readLimited(body: AsyncIterable<Buffer>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let seen = 0;
    for await (const chunk of body) {
      seen += chunk.length;
      if (seen > MAX_DOCUMENT_BYTES) throw refuse(`${DOCUMENT} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  return {
    async fetch(url, { guarded }) {
      if (guarded) {
        try {
          assertPublicHost(url.hostname);
        } catch (error) {
          throw refuse(REFUSED_HOST_MESSAGE, error);
        }
      }
      const signal = AbortSignal.timeout(DOCUMENT_TIMEOUT_MS);
      const failed = (error: unknown): OAuthError => {
        if (error instanceof OAuthError) return error;
        if (RefusedAddressError.find(error)) return refuse(REFUSED_HOST_MESSAGE, error);
        if (signal.aborted || /Timeout/i.test((error as Error).name ?? '')) {
          return refuse(`${DOCUMENT} did not arrive within ${DOCUMENT_TIMEOUT_MS / 1000} s`, error);
        }
        const code = (error as { code?: unknown }).code;
        return refuse(
          `${DOCUMENT} could not be fetched${typeof code === 'string' ? ` (${code})` : ''}`,
          error,
        );
      };
      try {
        // Not counted in linkedin_requests_total: a caller-chosen URL would add a series per URL.
        const response = await uncountedHttpRequest(() =>
          request(url, {
            method: 'GET',
            dispatcher: guarded ? guardedAgent : insecureAgent,
            headers: { accept: 'application/json', 'user-agent': 'li-bus-oauth/1' },
            signal,
            // One document per client and cache period: no socket is kept open for the next one (and none
            // is left to close at shutdown).
            reset: true,
          }),
        );
        const drop = () => void response.body.dump().catch(() => undefined);
        if (response.statusCode !== 200) {
          drop();
          const redirect = response.statusCode >= 300 && response.statusCode < 400;
          throw refuse(
            `${DOCUMENT} URL answered ${response.statusCode}${redirect ? ' (redirects are not followed)' : ''}`,
          );
        }
        const type = String(response.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim()
          .toLowerCase();
        if (type !== 'application/json') {
          drop();
          throw refuse(
            `${DOCUMENT} is ${type ? type.slice(0, 100) : 'of no content type'}, not application/json`,
          );
        }
        const length = Number(response.headers['content-length']);
        if (Number.isFinite(length) && length > MAX_DOCUMENT_BYTES) {
          drop();
          throw refuse(`${DOCUMENT} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
        }
        const bytes = await readLimited(response.body);
        let body: unknown;
        try {
          body = JSON.parse(bytes.toString('utf8'));
        } catch (error) {
          throw refuse(`${DOCUMENT} is not valid JSON`, error);
        }
        return { body, maxAgeSeconds: maxAgeOf(response.headers['cache-control']) };
      } catch (error) {
        throw failed(error);
      }
    },
  };
}
