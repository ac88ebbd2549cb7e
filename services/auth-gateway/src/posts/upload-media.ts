import { randomUUID } from 'node:crypto';
import type { MediaItem } from '@li-bus/contracts';
import {
  UPLOAD_MAX_BASE64_LENGTH,
  UPLOAD_MAX_BYTES,
  type UploadedMedia,
  type UploadRequest,
} from '../http/api-schemas.ts';
import { keyAllowsTenant } from '../http/api-keys.ts';
import { callerMayUse, type Caller } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import type { PostsDeps } from './posts-deps.ts';

/** The file types LinkedIn takes, and the `media[].type` a post names them with. */
const MEDIA_TYPES: Record<string, MediaItem['type']> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'video/mp4': 'video',
  'application/pdf': 'document',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.ms-powerpoint': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
};

const invalid = (message: string) => new HttpError(400, 'invalid_request', message);

function decode(base64: string): Uint8Array {
  if (base64.length > UPLOAD_MAX_BASE64_LENGTH) {
    throw new HttpError(413, 'media_too_large', `base64: the file is larger than ${UPLOAD_MAX_BYTES} bytes`);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw invalid('base64: not base64');
  const data = Buffer.from(base64, 'base64');
  if (data.length === 0) throw invalid('base64: the file is empty');
  if (data.length > UPLOAD_MAX_BYTES) {
    throw new HttpError(413, 'media_too_large', `base64: the file is larger than ${UPLOAD_MAX_BYTES} bytes`);
  }
  return data;
}

function uploaderTenant(deps: Pick<PostsDeps, 'config'>, caller: Caller, tenantId?: string): string {
  if (caller.kind === 'oauth') {
    const { token } = caller;
    callerMayUse(caller, token, 'posts:write', deps.config.publicOrigin);
    if (tenantId !== undefined && tenantId !== token.tenantId)
      throw invalid('tenantId: not the token tenant');
    return token.tenantId;
  }
  if (tenantId === undefined) throw invalid('tenantId: required with an API key');
  if (!keyAllowsTenant(caller.key, tenantId)) {
    throw new HttpError(403, 'forbidden', 'this API key may not act for that tenant');
  }
  return tenantId;
}

/**
 * Stores a file a caller holds (`POST /v1/media` and MCP `upload_media`) where NATS callers' media
 * live: the tenant's namespace of the `media` object store, under a fresh name so an upload never replaces
 * another. The answer's URL is what `publish_post` / `POST /v1/posts` take in `media[].url` for the same
 * tenant's connections (see `refuse-object-media.ts`); the publisher streams it from there.
 */
export async function uploadMedia(
  deps: Pick<PostsDeps, 'config' | 'media'>,
  caller: Caller,
  upload: UploadRequest,
): Promise<UploadedMedia> {
  const tenantId = uploaderTenant(deps, caller, upload.tenantId);
  const type = MEDIA_TYPES[upload.contentType];
  if (!type) throw invalid(`contentType: one of ${Object.keys(MEDIA_TYPES).join(', ')}`);
  const data = decode(upload.base64);
  // Only the name's safe characters are kept: it becomes part of an object name and a URL.
  const safeName = upload.fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(-80) || 'file';
  const url = await deps.media.put(tenantId, `upload-${randomUUID()}-${safeName}`, data);
  return { url, type, contentType: upload.contentType, bytes: data.length };
}
