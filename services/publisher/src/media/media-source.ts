import type { Readable } from 'node:stream';

/** The bytes of one media item, streamed from where the request said they are. */
export interface MediaBytes {
  stream: Readable;
  /** Known up front from Content-Length or the object store; videos need it for `initializeUpload`. */
  size: number | undefined;
  contentType: string | undefined;
  /** The file name (last path segment), a default document title. */
  name: string;
}

export type MediaType = 'image' | 'video' | 'document';

/** Whose request the media is for: object-store media must belong to this tenant. */
export interface MediaOwner {
  tenantId: string;
}

export interface MediaSource {
  open(url: string, type: MediaType, owner: MediaOwner): Promise<MediaBytes>;
}

/** Refused media: a `media_failed` that another attempt cannot fix. */
export class MediaRejectedError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'MediaRejectedError';
  }
}

export const ACCEPTED_TYPES: Record<MediaType, RegExp> = {
  image: /^image\/(jpeg|png|gif)$/,
  video: /^video\/mp4$/,
  document:
    /^application\/(pdf|msword|vnd\.ms-powerpoint|vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|presentationml\.presentation))$/,
};

/** Routes `https://` to the HTTP source and `nats-object://` to the object store. */
export function createMediaSource(sources: { https: MediaSource; natsObject: MediaSource }): MediaSource {
  return {
    open(url, type, owner) {
      if (url.startsWith('nats-object://')) return sources.natsObject.open(url, type, owner);
      if (url.startsWith('https://')) return sources.https.open(url, type, owner);
      throw new MediaRejectedError(`unsupported media URL scheme: ${url.split(':')[0] ?? ''}`);
    },
  };
}
