import type { Readable } from 'node:stream';
import { request } from 'undici';
import { LinkedInApiError } from './api-error.ts';
import { parseJson, restHeaders, withVersion, type LinkedInRestConfig } from './posts-client.ts';

export type MediaKind = 'image' | 'video' | 'document';

export interface UploadInstruction {
  uploadUrl: string;
  firstByte: number;
  lastByte: number;
}

export interface InitializedUpload {
  urn: string;
  /** Images and documents: one URL for the whole file. */
  uploadUrl?: string;
  /** Videos: one URL per part. */
  instructions?: UploadInstruction[];
  uploadToken?: string;
}

export interface MediaClient {
  initialize(
    kind: MediaKind,
    accessToken: string,
    owner: string,
    fileSizeBytes?: number,
  ): Promise<InitializedUpload>;
  /** PUTs bytes to an upload URL; images and documents send the Bearer token, video parts must not. */
  upload(
    url: string,
    body: Readable | Buffer,
    options: { accessToken?: string; length?: number },
  ): Promise<string | undefined>;
  finalizeVideo(accessToken: string, video: string, uploadToken: string, etags: string[]): Promise<void>;
  status(kind: MediaKind, accessToken: string, urn: string): Promise<string>;
}

const PATHS: Record<MediaKind, string> = { image: 'images', video: 'videos', document: 'documents' };

export function createMediaClient(config: LinkedInRestConfig): MediaClient {
  const timeouts = { headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs };

  function call(method: 'GET' | 'POST', path: string, accessToken: string, body?: object) {
    return withVersion(config, async (version) => {
      const response = await request(`${config.apiBase}${path}`, {
        method,
        headers: restHeaders(version, accessToken),
        ...(body ? { body: JSON.stringify(body) } : {}),
        ...timeouts,
      });
      const text = await response.body.text();
      const json = parseJson(text);
      if (response.statusCode >= 300) throw new LinkedInApiError(response.statusCode, json);
      return json as Record<string, unknown> | undefined;
    });
  }

  return {
    async initialize(kind, accessToken, owner, fileSizeBytes) {
      const init =
        kind === 'video'
          ? { owner, fileSizeBytes, uploadCaptions: false, uploadThumbnail: false }
          : { owner };
      const answer = await call('POST', `/rest/${PATHS[kind]}?action=initializeUpload`, accessToken, {
        initializeUploadRequest: init,
      });
      const value = (answer?.['value'] ?? {}) as Record<string, unknown>;
      const urn = value[kind];
      if (typeof urn !== 'string') throw new LinkedInApiError(502, { message: `no ${kind} URN returned` });
      return {
        urn,
        ...(typeof value['uploadUrl'] === 'string' ? { uploadUrl: value['uploadUrl'] } : {}),
        ...(Array.isArray(value['uploadInstructions'])
          ? { instructions: value['uploadInstructions'] as UploadInstruction[] }
          : {}),
        ...(typeof value['uploadToken'] === 'string' ? { uploadToken: value['uploadToken'] } : {}),
      };
    },
    async upload(url, body, options) {
      const response = await request(url, {
        method: 'PUT',
        headers: {
          'content-type': 'application/octet-stream',
          ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
          ...(options.length !== undefined ? { 'content-length': String(options.length) } : {}),
        },
        body,
        ...timeouts,
      });
      const text = await response.body.text();
      if (response.statusCode >= 300) {
        throw new LinkedInApiError(response.statusCode, parseJson(text));
      }
      const etag = response.headers['etag'];
      return typeof etag === 'string' ? etag : undefined;
    },
    async finalizeVideo(accessToken, video, uploadToken, etags) {
      await call('POST', '/rest/videos?action=finalizeUpload', accessToken, {
        finalizeUploadRequest: { video, uploadToken, uploadedPartIds: etags },
      });
    },
    async status(kind, accessToken, urn) {
      const answer = await call('GET', `/rest/${PATHS[kind]}/${encodeURIComponent(urn)}`, accessToken);
      const status = answer?.['status'];
      return typeof status === 'string' ? status : 'UNKNOWN';
    },
  };
}
