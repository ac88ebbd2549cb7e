import { request } from 'undici';
import type { LinkedInVersions } from '@li-bus/linkedin-versions';
import { LinkedInApiError } from './api-error.ts';

export interface LinkedInRestConfig {
  apiBase: string;
  /**
   * `LINKEDIN_VERSION`: configuration, never a constant in code. The service passes the failover list shared by
   * every replica (a 426 moves to the next version and repeats the call); benchmarks may pin one version.
   */
  version: string | Pick<LinkedInVersions, 'run'>;
  timeoutMs: number;
}

/** Runs one versioned call with the version to send now. */
export function withVersion<T>(
  config: LinkedInRestConfig,
  call: (version: string) => Promise<T>,
): Promise<T> {
  return typeof config.version === 'string' ? call(config.version) : config.version.run(call);
}

/** What `@li-bus/linkedin-versions` needs to know: LinkedIn refused the version (426). */
export function versionRefusalOf(error: unknown): string | undefined {
  if (!(error instanceof LinkedInApiError) || error.status !== 426) return undefined;
  return `426 ${error.linkedinCode ?? ''}: ${error.message}`.slice(0, 500);
}

export interface PostsClient {
  /** Creates a post; LinkedIn answers 201 with an empty body and the URN in `x-restli-id`. */
  create(accessToken: string, body: object): Promise<string>;
}

export function restHeaders(version: string, accessToken: string) {
  return {
    authorization: `Bearer ${accessToken}`,
    'linkedin-version': version,
    'x-restli-protocol-version': '2.0.0',
    'content-type': 'application/json',
  };
}

export function createPostsClient(config: LinkedInRestConfig): PostsClient {
  return {
    // A 426 creates nothing, so repeating the create with the next version cannot post twice.
    create: (accessToken, body) =>
      withVersion(config, async (version) => {
        const response = await request(`${config.apiBase}/rest/posts`, {
          method: 'POST',
          headers: restHeaders(version, accessToken),
          body: JSON.stringify(body),
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
        });
        const text = await response.body.text();
        const urn = response.headers['x-restli-id'];
        if (response.statusCode === 201 && typeof urn === 'string' && urn) return urn;
        throw new LinkedInApiError(response.statusCode === 201 ? 502 : response.statusCode, parseJson(text));
      }),
  };
}

export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
