import type { MediaItem, PostRequested } from '@li-bus/contracts';
import type { MediaClient } from '../linkedin/media-client.ts';
import type { MediaSource, MediaType } from './media-source.ts';
import { uploadVideo, withRetries, type VideoUploadDeps } from './upload-video.ts';

export interface ContentDeps {
  source: MediaSource;
  media: MediaClient;
  poll: VideoUploadDeps['poll'];
  /** Parallel image uploads for a multi-image post. */
  imageConcurrency: number;
}

interface Upload {
  /** The connection's tenant (from `tokens.get`): object-store media must be this tenant's. */
  tenantId: string;
  accessToken: string;
  owner: string;
  working: () => void;
}

/**
 * Uploads the request's media (fetching each source as a stream) and returns the post's `content`.
 * Uploads are retried freely: an unused uploaded asset is harmless, unlike a repeated create.
 */
export function createContentPreparer(deps: ContentDeps) {
  async function uploadFile(
    url: string,
    type: MediaType,
    up: Upload,
  ): Promise<{ urn: string; name: string }> {
    return withRetries(async () => {
      const bytes = await deps.source.open(url, type, { tenantId: up.tenantId });
      if (type === 'video') {
        const urn = await uploadVideo({ ...deps, working: up.working }, bytes, up.accessToken, up.owner);
        return { urn, name: bytes.name };
      }
      try {
        const init = await deps.media.initialize(type, up.accessToken, up.owner);
        if (!init.uploadUrl) throw new Error(`no upload URL for ${init.urn}`);
        await deps.media.upload(init.uploadUrl, bytes.stream, {
          accessToken: up.accessToken,
          ...(bytes.size !== undefined ? { length: bytes.size } : {}),
        });
        up.working();
        return { urn: init.urn, name: bytes.name };
      } finally {
        bytes.stream.destroy();
      }
    });
  }

  async function uploadImages(items: MediaItem[], up: Upload): Promise<string[]> {
    const urns: string[] = new Array<string>(items.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < items.length; index = next++) {
        urns[index] = (await uploadFile((items[index] as MediaItem).url, 'image', up)).urn;
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.imageConcurrency, items.length) }, worker));
    return urns;
  }

  return async function prepareContent(
    post: PostRequested,
    up: Upload,
  ): Promise<Record<string, unknown> | undefined> {
    if (post.article) {
      const { url, title, description, thumbnailUrl } = post.article;
      const thumbnail = thumbnailUrl ? (await uploadFile(thumbnailUrl, 'image', up)).urn : undefined;
      return {
        article: {
          source: url,
          ...(title !== undefined ? { title } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(thumbnail ? { thumbnail } : {}),
        },
      };
    }
    const media = post.media ?? [];
    const first = media[0];
    if (!first) return undefined;
    if (first.type === 'image') {
      const urns = await uploadImages(media, up);
      const withAlt = (id: string, item: MediaItem | undefined) => ({
        id,
        ...(item?.altText !== undefined ? { altText: item.altText } : {}),
      });
      if (urns.length === 1) return { media: { ...withAlt(urns[0] as string, first), ...titleOf(first) } };
      return { multiImage: { images: urns.map((id, index) => withAlt(id, media[index])) } };
    }
    const { urn, name } = await uploadFile(first.url, first.type, up);
    return {
      media: {
        id: urn,
        title: first.title ?? (name || first.type),
        ...(first.altText !== undefined ? { altText: first.altText } : {}),
      },
    };
  };
}

const titleOf = (item: MediaItem) => (item.title !== undefined ? { title: item.title } : {});
