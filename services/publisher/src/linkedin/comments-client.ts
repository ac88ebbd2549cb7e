import { request } from 'undici';
import { LinkedInApiError } from './api-error.ts';
import { parseJson, restHeaders, withVersion, type LinkedInRestConfig } from './posts-client.ts';

export interface CommentRef {
  urn: string;
  actor: string;
  text: string;
}

/** LinkedIn's Comments API (`/rest/socialActions/{post}/comments`, reference §9.6 December 2026 additions). */
export interface CommentsClient {
  /** Creates a comment (plain text, not the "little" format) and returns its URN (`x-restli-id`). */
  create(accessToken: string, postUrn: string, comment: { actor: string; text: string }): Promise<string>;
  /** The post's comments, oldest first (first page of 100): needs a read scope, else 403. */
  list(accessToken: string, postUrn: string): Promise<CommentRef[]>;
}

const pathOf = (postUrn: string) => `/rest/socialActions/${encodeURIComponent(postUrn)}/comments`;

function refOf(item: unknown): CommentRef | undefined {
  const fields = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const message = fields['message'] as { text?: unknown } | undefined;
  const urn = fields['commentUrn'];
  const actor = fields['actor'];
  if (typeof urn !== 'string' || typeof actor !== 'string' || typeof message?.text !== 'string')
    return undefined;
  return { urn, actor, text: message.text };
}

export function createCommentsClient(config: LinkedInRestConfig): CommentsClient {
  const timeouts = { headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs };
  return {
    // A 426 creates nothing, so repeating the create with the next version cannot comment twice.
    create: (accessToken, postUrn, comment) =>
      withVersion(config, async (version) => {
        const response = await request(`${config.apiBase}${pathOf(postUrn)}`, {
          method: 'POST',
          headers: restHeaders(version, accessToken),
          body: JSON.stringify({ actor: comment.actor, object: postUrn, message: { text: comment.text } }),
          ...timeouts,
        });
        const text = await response.body.text();
        const urn = response.headers['x-restli-id'];
        if (response.statusCode === 201 && typeof urn === 'string' && urn) return urn;
        throw new LinkedInApiError(response.statusCode === 201 ? 502 : response.statusCode, parseJson(text));
      }),
    list: (accessToken, postUrn) =>
      withVersion(config, async (version) => {
        const headers = restHeaders(version, accessToken);
        const { 'content-type': _json, ...get } = headers;
        const response = await request(`${config.apiBase}${pathOf(postUrn)}?start=0&count=100`, {
          method: 'GET',
          headers: get,
          ...timeouts,
        });
        const body = parseJson(await response.body.text());
        if (response.statusCode !== 200) throw new LinkedInApiError(response.statusCode, body);
        const elements = (body as { elements?: unknown } | undefined)?.elements;
        return (Array.isArray(elements) ? elements : []).flatMap((item) => refOf(item) ?? []);
      }),
  };
}
