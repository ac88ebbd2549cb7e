import { request } from 'undici';
import { LinkedInApiError } from './api-error.ts';

export interface LinkedInRestConfig {
  apiBase: string;
  /** `LINKEDIN_VERSION`: configuration, never a constant in code. */
  version: string;
  timeoutMs: number;
}

export interface PostsClient {
  /** Creates a post; LinkedIn answers 201 with an empty body and the URN in `x-restli-id`. */
  create(accessToken: string, body: object): Promise<string>;
}

export function restHeaders(config: LinkedInRestConfig, accessToken: string) {
  return {
    authorization: `Bearer ${accessToken}`,
    'linkedin-version': config.version,
    'x-restli-protocol-version': '2.0.0',
    'content-type': 'application/json',
  };
}

export function createPostsClient(config: LinkedInRestConfig): PostsClient {
  return {
    async create(accessToken, body) {
      const response = await request(`${config.apiBase}/rest/posts`, {
        method: 'POST',
        headers: restHeaders(config, accessToken),
        body: JSON.stringify(body),
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
      });
      const text = await response.body.text();
      const urn = response.headers['x-restli-id'];
      if (response.statusCode === 201 && typeof urn === 'string' && urn) return urn;
      throw new LinkedInApiError(response.statusCode === 201 ? 502 : response.statusCode, parseJson(text));
    },
  };
}

export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
