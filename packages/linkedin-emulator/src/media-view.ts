import type { MediaAsset, MediaStatus } from './media-store.ts';

const DOWNLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/** `GET /rest/{images,videos,documents}/{urn}`: download fields appear once the asset is `AVAILABLE`. */
export function mediaView(asset: MediaAsset, status: MediaStatus, now: number): Record<string, unknown> {
  const view: Record<string, unknown> = { id: asset.urn, owner: asset.owner, status };
  if (status === 'PROCESSING_FAILED') view['processingFailureReason'] = asset.failureReason;
  if (status === 'AVAILABLE') {
    const id = asset.urn.split(':').pop() ?? '';
    view['downloadUrl'] =
      `https://media.licdn.com/dms/${asset.kind}/v2/${id}/emulator/0?e=${now + DOWNLOAD_TTL_MS}`;
    view['downloadUrlExpiresAt'] = now + DOWNLOAD_TTL_MS;
  }
  if (asset.kind === 'video' && status === 'AVAILABLE') view['thumbnail'] = null;
  return view;
}
