import { mediaForbidden, mediaNotUsable } from './media-errors.ts';
import type { MediaAsset, MediaKind } from './media-store.ts';
import type { EmulatorState } from './state.ts';

interface MediaRef {
  id: string;
  fieldPath: string;
  /** Kinds this field takes. */
  kinds: readonly MediaKind[];
}

function refsOf(content: unknown): { refs: MediaRef[]; media?: { id: string; title?: unknown } } {
  if (typeof content !== 'object' || content === null) return { refs: [] };
  const c = content as {
    media?: { id: string; title?: unknown };
    multiImage?: { images: { id: string }[] };
    article?: { thumbnail?: string };
  };
  if (c.media) {
    const kinds = ['image', 'video', 'document'] as const;
    return { refs: [{ id: c.media.id, fieldPath: 'content/media/id', kinds }], media: c.media };
  }
  if (c.multiImage) {
    const refs = c.multiImage.images.map((image, i) => ({
      id: image.id,
      fieldPath: `content/multiImage/images/${i}/id`,
      kinds: ['image'] as const,
    }));
    return { refs };
  }
  if (c.article?.thumbnail !== undefined) {
    return { refs: [{ id: c.article.thumbnail, fieldPath: 'content/article/thumbnail', kinds: ['image'] }] };
  }
  return { refs: [] };
}

/** Uploaded enough to post: images and documents once their bytes arrived, videos once finalized (§6, §7). */
function checkReady(state: EmulatorState, asset: MediaAsset, fieldPath: string): void {
  const status = state.media.statusOf(asset, state.app.mediaProcessingSeconds);
  if (status === 'WAITING_UPLOAD') {
    const description =
      asset.kind === 'video'
        ? `${asset.urn} has not been finalized (finalizeUpload)`
        : `${asset.urn} is still waiting for its upload`;
    throw mediaNotUsable(fieldPath, 'MEDIA_ASSET_WAITING_UPLOAD', description);
  }
  if (status === 'PROCESSING_FAILED') {
    throw mediaNotUsable(fieldPath, 'MEDIA_ASSET_PROCESSING_FAILED', `${asset.urn} failed processing`);
  }
}

/**
 * Media a post refers to must exist (422 `INVALID_URN_ID`), belong to the post's author (403, the image text of
 * reference §9.3) and be uploaded; documents need a `title` (§5.2).
 */
export function checkPostMedia(state: EmulatorState, author: string, content: unknown): void {
  const { refs, media } = refsOf(content);
  for (const ref of refs) {
    const asset = state.media.get(ref.id);
    if (!asset || !ref.kinds.includes(asset.kind)) {
      throw mediaNotUsable(ref.fieldPath, 'INVALID_URN_ID', `${ref.id} does not exist`);
    }
    if (asset.owner !== author) throw mediaForbidden(asset.kind);
    checkReady(state, asset, ref.fieldPath);
  }
  if (
    media &&
    media.id.startsWith('urn:li:document:') &&
    (typeof media.title !== 'string' || media.title === '')
  ) {
    throw mediaNotUsable('content/media/title', 'MISSING_FIELD', 'title is required for document posts');
  }
}
