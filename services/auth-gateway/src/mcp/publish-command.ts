import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  article,
  firstComment,
  isoDateTime,
  mediaItem,
  poll,
  postRequested,
  requestId as requestIdSchema,
  visibility,
} from '@li-bus/contracts';

/** How long a tool waits for the publisher's answer. */
export const waitSeconds = (fallback: number) =>
  z.number().int().min(0).max(60).default(fallback).describe('How long to wait for the outcome (0-60 s)');

/** `publish_post`'s input: every content type `POST /v1/posts` takes, on the token's connection. */
export const publishInput = z.object({
  text: z.string().optional().describe('The post text; LinkedIn little-text escaping is done for you.'),
  article: article
    .optional()
    .describe('A link the post shares; LinkedIn does not read the page: title needed'),
  media: z
    .array(mediaItem)
    .min(1)
    .max(20)
    .optional()
    .describe('1-20 images, or one video, or one document: https URLs or URLs upload_media returned'),
  images: z
    .array(z.object({ url: z.string(), altText: z.string().max(4086).optional() }))
    .min(1)
    .max(20)
    .optional()
    .describe('Shorthand for media of type image'),
  poll: poll.optional().describe('A poll (text optional; not with media or article)'),
  reshareOf: z.string().optional().describe('urn:li:share:… or urn:li:ugcPost:… to reshare, text optional'),
  firstComment: firstComment.optional().describe('Posted under the post once it is live, as plain text'),
  notBefore: isoDateTime
    .optional()
    .describe('Publish at or after this time (ISO 8601); cancel_post stops it'),
  visibility: visibility.optional(),
  author: z
    .string()
    .optional()
    .describe('urn:li:organization:… to post as a Page the member administers; the member by default'),
  requestId: requestIdSchema.optional().describe('Idempotency key: the same requestId is never posted twice'),
  waitSeconds: waitSeconds(30),
});

/** The `post.requested` command of a `publish_post` call, checked by the contract (errors name the field). */
export function publishCommand(connectionId: string, input: z.infer<typeof publishInput>) {
  const { images, waitSeconds: _wait, requestId, ...rest } = input;
  if (images && rest.media) return null;
  const media = images ? images.map((image) => ({ type: 'image' as const, ...image })) : rest.media;
  return postRequested.safeParse({
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    requestId: requestId ?? `mcp-${randomUUID()}`,
    connectionId,
    ...(media ? { media } : {}),
  });
}
