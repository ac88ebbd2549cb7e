import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mayWriteAs } from '../access.ts';
import { authenticateBearer } from '../bearer-auth.ts';
import { checkDocumentBytes, checkImageBytes, checkVideoPart, type ByteCheck } from '../media-bytes.ts';
import { badUpload, expiredUploadUrl, mediaForbidden } from '../media-errors.ts';
import type { MediaAsset, VideoPart } from '../media-store.ts';
import { plainError } from '../linkedin-errors.ts';
import type { EmulatorState } from '../state.ts';

/** Large enough for LinkedIn's image and document limits; video parts are 4 MiB. */
const UPLOAD_BODY_LIMIT = 256 * 1024 * 1024;

function bytesOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function ensure(result: ByteCheck): string {
  if (!result.ok) throw badUpload(result.message);
  return result.type;
}

/** Image and document URLs take `Authorization: Bearer` and answer 201 with an empty body (reference §6). */
function uploadWhole(state: EmulatorState, request: FastifyRequest, asset: MediaAsset): void {
  const auth = authenticateBearer(state, request.headers.authorization);
  if (!mayWriteAs(state, auth, asset.owner)) throw mediaForbidden(asset.kind);
  const bytes = bytesOf(request);
  const contentType = request.headers['content-type'];
  const type = ensure(
    asset.kind === 'image' ? checkImageBytes(bytes, contentType) : checkDocumentBytes(bytes, contentType),
  );
  state.media.storeUpload(asset, bytes, type);
}

/** Video parts are sent without Authorization, must fill their byte range exactly and answer an `ETag`. */
function uploadPart(
  state: EmulatorState,
  request: FastifyRequest,
  asset: MediaAsset,
  part: VideoPart,
): string {
  if (request.headers.authorization !== undefined) {
    throw badUpload('Video part uploads must not send an Authorization header');
  }
  if (asset.uploadedPartIds !== undefined) throw badUpload(`${asset.urn} is already finalized`);
  const bytes = bytesOf(request);
  const expected = part.lastByte - part.firstByte + 1;
  if (bytes.length !== expected) {
    throw badUpload(
      `Part bytes ${part.firstByte}-${part.lastByte} need ${expected} bytes, received ${bytes.length}`,
    );
  }
  const type = ensure(checkVideoPart(bytes, request.headers['content-type'], part.firstByte === 0));
  return state.media.storePart(asset, part, bytes, type);
}

/** `PUT /dms-uploads/{key}`: the upload URLs handed out by `initializeUpload`, timed by the emulated clock. */
export function registerUploadRoutes(app: FastifyInstance, state: EmulatorState): void {
  void app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
      (_req, body, done) => {
        done(null, body);
      },
    );

    uploads.put('/dms-uploads/:key', async (request, reply) => {
      const { key } = request.params as { key: string };
      const target = state.media.byUploadKey(key);
      if (!target) throw plainError(404, 'Upload URL not found');
      if (state.clock.now() >= target.asset.uploadUrlExpiresAt) throw expiredUploadUrl();
      if (target.part) {
        const etag = uploadPart(state, request, target.asset, target.part);
        return reply.code(200).header('etag', etag).send();
      }
      uploadWhole(state, request, target.asset);
      return reply.code(201).send();
    });
  });
}
