import { isDeepStrictEqual } from 'node:util';
import { mayWriteAs } from '../access.ts';
import { restError } from '../linkedin-errors.ts';
import { mediaForbidden, mediaNotFound } from '../media-errors.ts';
import { FinalizeVideoBody, parseActionBody } from '../media-schemas.ts';
import type { RestContext } from '../rest-headers.ts';
import { paramInvalid } from '../rest-params.ts';
import type { EmulatorState } from '../state.ts';

const badParts = (message: string) => restError(400, 'INVALID_UPLOADED_PART_IDS', message);

/**
 * `POST /rest/videos?action=finalizeUpload` (reference §7): every part uploaded, `uploadedPartIds` the parts'
 * ETags in instruction order, `uploadToken` echoed. Finalizing again with the same ids is a no-op.
 */
export function finalizeVideo(state: EmulatorState, context: RestContext, body: unknown): void {
  const request = parseActionBody(FinalizeVideoBody, body).finalizeUploadRequest;
  const asset = state.media.get(request.video);
  if (!asset || asset.kind !== 'video') throw mediaNotFound(request.video);
  if (!mayWriteAs(state, context, asset.owner)) throw mediaForbidden('video');
  if (request.uploadToken !== '') {
    throw paramInvalid('uploadToken', 'uploadToken must be the value initializeUpload returned');
  }
  if (asset.uploadedPartIds !== undefined) {
    if (isDeepStrictEqual(asset.uploadedPartIds, request.uploadedPartIds)) return;
    throw badParts(`${asset.urn} is already finalized`);
  }
  const missing = asset.parts.findIndex((part) => part.etag === undefined);
  if (missing !== -1) {
    const part = asset.parts[missing];
    throw badParts(`Part ${missing} (bytes ${part?.firstByte}-${part?.lastByte}) has not been uploaded`);
  }
  const expected = asset.parts.map((part) => part.etag);
  if (!isDeepStrictEqual(expected, request.uploadedPartIds)) {
    throw badParts(`uploadedPartIds must list the ${expected.length} part ETags in uploadInstructions order`);
  }
  state.media.finalize(asset, request.uploadedPartIds);
}
