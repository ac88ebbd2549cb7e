import { createHash } from 'node:crypto';
import type { Clock } from './clock.ts';
import { newMediaUrn, newPartEtag, newUploadKey } from './ids.ts';

export type MediaKind = 'image' | 'video' | 'document';
export type MediaStatus = 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';

/** LinkedIn's video parts are 4 MiB, `firstByte..lastByte` inclusive (reference §7). */
export const VIDEO_PART_BYTES = 4 * 1024 * 1024;

export interface VideoPart {
  firstByte: number;
  lastByte: number;
  uploadKey: string;
  etag?: string | undefined;
  uploadedBytes?: number | undefined;
  sha256?: string | undefined;
  /** Kept until finalize, to hash the whole file in order. */
  bytes?: Buffer | undefined;
}

export interface MediaAsset {
  urn: string;
  kind: MediaKind;
  owner: string;
  createdAt: number;
  uploadUrlExpiresAt: number;
  /** Images and documents: the single upload URL's key. */
  uploadKey?: string | undefined;
  /** Videos: the declared size and its parts. */
  fileSizeBytes?: number | undefined;
  parts: VideoPart[];
  uploadedPartIds?: string[] | undefined;
  /** Detected from the bytes. */
  contentType?: string | undefined;
  uploadedBytes: number;
  sha256?: string | undefined;
  /** Upload (images, documents) or finalize (videos) time: processing starts here. */
  processingStartedAt?: number | undefined;
  failureReason?: string | undefined;
}

export type UploadTarget = { asset: MediaAsset; part?: VideoPart | undefined };

export interface MediaStore {
  create(input: { kind: MediaKind; owner: string; ttlSeconds: number; fileSizeBytes?: number }): MediaAsset;
  get(urn: string): MediaAsset | undefined;
  byUploadKey(key: string): UploadTarget | undefined;
  /** Stores an image or document upload; processing restarts. */
  storeUpload(asset: MediaAsset, bytes: Buffer, contentType: string): void;
  /** Stores one video part and returns its new ETag. */
  storePart(asset: MediaAsset, part: VideoPart, bytes: Buffer, contentType: string): string;
  finalize(asset: MediaAsset, partIds: string[]): void;
  statusOf(asset: MediaAsset, processingSeconds: number): MediaStatus;
  list(): MediaAsset[];
  clear(): void;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function videoParts(size: number): VideoPart[] {
  const parts: VideoPart[] = [];
  for (let first = 0; first < size; first += VIDEO_PART_BYTES) {
    parts.push({
      firstByte: first,
      lastByte: Math.min(size, first + VIDEO_PART_BYTES) - 1,
      uploadKey: newUploadKey(),
    });
  }
  return parts;
}

export function createMediaStore(clock: Clock): MediaStore {
  const assets = new Map<string, MediaAsset>();
  const uploads = new Map<string, UploadTarget>();

  return {
    create({ kind, owner, ttlSeconds, fileSizeBytes }) {
      let urn = newMediaUrn(kind);
      while (assets.has(urn)) urn = newMediaUrn(kind);
      const now = clock.now();
      const asset: MediaAsset = {
        urn,
        kind,
        owner,
        createdAt: now,
        uploadUrlExpiresAt: now + ttlSeconds * 1000,
        parts: kind === 'video' ? videoParts(fileSizeBytes ?? 0) : [],
        uploadedBytes: 0,
      };
      if (kind === 'video') asset.fileSizeBytes = fileSizeBytes ?? 0;
      else asset.uploadKey = newUploadKey();
      assets.set(urn, asset);
      if (asset.uploadKey !== undefined) uploads.set(asset.uploadKey, { asset });
      for (const part of asset.parts) uploads.set(part.uploadKey, { asset, part });
      return asset;
    },
    get: (urn) => assets.get(urn),
    byUploadKey: (key) => uploads.get(key),
    storeUpload(asset, bytes, contentType) {
      asset.contentType = contentType;
      asset.uploadedBytes = bytes.length;
      asset.sha256 = sha256(bytes);
      asset.processingStartedAt = clock.now();
      asset.failureReason = undefined;
    },
    storePart(asset, part, bytes, contentType) {
      if (part.firstByte === 0) asset.contentType = contentType;
      part.bytes = bytes;
      part.uploadedBytes = bytes.length;
      part.sha256 = sha256(bytes);
      part.etag = newPartEtag();
      asset.uploadedBytes = asset.parts.reduce((sum, p) => sum + (p.uploadedBytes ?? 0), 0);
      return part.etag;
    },
    finalize(asset, partIds) {
      const whole = createHash('sha256');
      for (const part of asset.parts) {
        if (part.bytes) whole.update(part.bytes);
        part.bytes = undefined;
      }
      asset.sha256 = whole.digest('hex');
      asset.uploadedPartIds = [...partIds];
      asset.processingStartedAt = clock.now();
    },
    statusOf(asset, processingSeconds) {
      if (asset.failureReason !== undefined) return 'PROCESSING_FAILED';
      if (asset.processingStartedAt === undefined) return 'WAITING_UPLOAD';
      return clock.now() < asset.processingStartedAt + processingSeconds * 1000 ? 'PROCESSING' : 'AVAILABLE';
    },
    list: () => [...assets.values()],
    clear() {
      assets.clear();
      uploads.clear();
    },
  };
}
