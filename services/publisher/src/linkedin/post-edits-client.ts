import { request } from 'undici';
import { LinkedInApiError } from './api-error.ts';
import { parseJson, restHeaders, withVersion, type LinkedInRestConfig } from './posts-client.ts';

/** Changes to posts that already exist (reference §5.3). Both answer 204 with no body. */
export interface PostEditsClient {
  /** `POST /rest/posts/{enc urn}` with `X-RestLi-Method: PARTIAL_UPDATE`: replaces the commentary. */
  updateCommentary(accessToken: string, postUrn: string, commentary: string): Promise<void>;
  /** `DELETE /rest/posts/{enc urn}`: LinkedIn answers 204 for a post already deleted too. */
  delete(accessToken: string, postUrn: string): Promise<void>;
}

const postPath = (config: LinkedInRestConfig, urn: string) =>
  `${config.apiBase}/rest/posts/${encodeURIComponent(urn)}`;

export function createPostEditsClient(config: LinkedInRestConfig): PostEditsClient {
  // A 426 changes nothing at LinkedIn, so repeating either call with the next version is safe.
  const send = (
    urn: string,
    init: { method: 'POST' | 'DELETE'; restliMethod?: string; body?: string },
    accessToken: string,
  ) =>
    withVersion(config, async (version) => {
      const headers: Record<string, string> = restHeaders(version, accessToken);
      if (init.restliMethod) headers['x-restli-method'] = init.restliMethod;
      if (init.body === undefined) delete headers['content-type'];
      const response = await request(postPath(config, urn), {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
      });
      const text = await response.body.text();
      if (response.statusCode === 204 || response.statusCode === 200) return;
      throw new LinkedInApiError(response.statusCode, parseJson(text));
    });
  return {
    updateCommentary: (accessToken, urn, commentary) =>
      send(
        urn,
        {
          method: 'POST',
          restliMethod: 'PARTIAL_UPDATE',
          body: JSON.stringify({ patch: { $set: { commentary } } }),
        },
        accessToken,
      ),
    delete: (accessToken, urn) => send(urn, { method: 'DELETE' }, accessToken),
  };
}
