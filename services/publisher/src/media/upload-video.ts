import { setTimeout as sleep } from 'node:timers/promises';
import { LinkedInApiError } from '../linkedin/api-error.ts';
import type { MediaClient } from '../linkedin/media-client.ts';
import type { MediaBytes } from './media-source.ts';
import { MediaRejectedError } from './media-source.ts';
import { createSliceReader } from './read-exactly.ts';

export interface VideoUploadDeps {
  media: MediaClient;
  /** Called between parts and polls: keeps the message from being redelivered during a long upload. */
  working: () => void;
  /** Poll backoff: first delay, cap, and how long to wait for AVAILABLE at most. */
  poll: { firstMs: number; maxMs: number; timeoutMs: number };
}

/** Retries one step (a part PUT, a status read) a few times: uploads are safe to repeat. */
export async function withRetries<T>(step: () => Promise<T>, tries = 3, delayMs = 200): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (error instanceof MediaRejectedError) throw error;
      const status = error instanceof LinkedInApiError ? error.status : 0;
      // A 429 is a quota: the handler waits for its reset instead (see member-throttle.ts).
      const retryable = status === 0 || status >= 500;
      if (!retryable || attempt >= tries) throw error;
      await sleep(delayMs * attempt);
    }
  }
}

/**
 * `initializeUpload` with the size, each part cut at its `firstByte..lastByte` and PUT without Authorization,
 * `finalizeUpload` with the ETags in instruction order, then the status polled until AVAILABLE.
 */
export async function uploadVideo(
  deps: VideoUploadDeps,
  bytes: MediaBytes,
  accessToken: string,
  owner: string,
): Promise<string> {
  if (bytes.size === undefined) {
    bytes.stream.destroy();
    throw new MediaRejectedError('a video source must state its size (Content-Length or object store)');
  }
  const init = await deps.media.initialize('video', accessToken, owner, bytes.size);
  const instructions = [...(init.instructions ?? [])].sort((a, b) => a.firstByte - b.firstByte);
  const reader = createSliceReader(bytes.stream);
  const etags: string[] = [];
  let offset = 0;
  try {
    for (const part of instructions) {
      if (part.firstByte !== offset) throw new Error(`upload instructions skip bytes at ${offset}`);
      const chunk = await reader.read(part.lastByte - part.firstByte + 1);
      offset = part.lastByte + 1;
      const etag = await withRetries(() =>
        deps.media.upload(part.uploadUrl, chunk, { length: chunk.length }),
      );
      if (!etag) throw new LinkedInApiError(502, { message: 'a video part upload returned no ETag' });
      etags.push(etag);
      deps.working();
    }
    if (offset !== bytes.size || !(await reader.atEnd())) throw new Error('the source is longer than stated');
  } finally {
    bytes.stream.destroy();
  }
  await withRetries(() => deps.media.finalizeVideo(accessToken, init.urn, init.uploadToken ?? '', etags));
  await waitAvailable(deps, accessToken, init.urn);
  return init.urn;
}

async function waitAvailable(deps: VideoUploadDeps, accessToken: string, urn: string): Promise<void> {
  const deadline = Date.now() + deps.poll.timeoutMs;
  let delay = deps.poll.firstMs;
  for (;;) {
    let status: string;
    try {
      status = await withRetries(() => deps.media.status('video', accessToken, urn));
    } catch (error) {
      // Reading needs r_member_social / r_organization_social; without them LinkedIn accepts the post
      // once the video is finalized, so go ahead.
      if (error instanceof LinkedInApiError && error.status === 403) return;
      throw error;
    }
    if (status === 'AVAILABLE') return;
    if (status === 'PROCESSING_FAILED') throw new MediaRejectedError(`video ${urn} failed processing`);
    if (Date.now() + delay > deadline) throw new Error(`video ${urn} still ${status} after polling`);
    deps.working();
    await sleep(delay);
    delay = Math.min(deps.poll.maxMs, delay * 2);
  }
}
