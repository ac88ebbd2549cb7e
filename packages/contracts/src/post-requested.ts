import { z } from 'zod';
import { authorUrn, connectionId, isoDateTime } from './common.ts';
import { escapeLittleText, MAX_COMMENTARY_LENGTH } from './little-text.ts';

export const requestId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 characters of [A-Za-z0-9._:-]');

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const mediaUrl = z
  .string()
  .refine(
    (value) => /^nats-object:\/\/[A-Za-z0-9_-]+\/.+$/.test(value) || httpsUrl.safeParse(value).success,
    'must be an https:// URL or nats-object://<bucket>/<name>',
  );

export const visibility = z.enum(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN']);

export const article = z.strictObject({
  url: httpsUrl,
  // Required: LinkedIn does not scrape the URL and refuses an article without a title (reference §5.2).
  title: z.string().min(1).max(400),
  description: z.string().max(4086).optional(),
  thumbnailUrl: mediaUrl.optional(),
});

export const mediaItem = z.strictObject({
  type: z.enum(['image', 'video', 'document']),
  url: mediaUrl,
  altText: z.string().max(4086).optional(),
  title: z.string().max(400).optional(),
});

/** Poll limits (issue 19 item 4; reference §9.6 December 2026 additions). */
export const POLL_LIMITS = { question: 140, option: 30, minOptions: 2, maxOptions: 4 } as const;
export const pollDuration = z.enum(['ONE_DAY', 'THREE_DAYS', 'SEVEN_DAYS', 'FOURTEEN_DAYS']);

export const poll = z.strictObject({
  question: z.string().min(1).max(POLL_LIMITS.question),
  options: z
    .array(z.string().min(1).max(POLL_LIMITS.option))
    .min(POLL_LIMITS.minOptions)
    .max(POLL_LIMITS.maxOptions),
  duration: pollDuration,
});

/**
 * The comment posted under the post once it is live, by the same author. Plain text: the Comments API does not use
 * the "little" format (reference §5.4), so it is sent as written, with the same length limit as `text`.
 */
export const firstComment = z.strictObject({
  text: z.string().min(1).max(MAX_COMMENTARY_LENGTH),
});

/** The post to reshare, as LinkedIn names posts (`x-restli-id`). */
const parentPostUrn = z
  .string()
  .regex(/^urn:li:(share|ugcPost):\d+$/, 'must be urn:li:share:{id} or urn:li:ugcPost:{id}');

export const postRequested = z
  .strictObject({
    requestId,
    connectionId,
    author: authorUrn.optional(),
    text: z.string().optional(),
    visibility: visibility.default('PUBLIC'),
    article: article.optional(),
    media: z.array(mediaItem).min(1).max(20).optional(),
    notBefore: isoDateTime.optional(),
    poll: poll.optional(),
    /** Reshares this post (`reshareContext.parent`); `text` is the optional commentary above it. */
    reshareOf: parentPostUrn.optional(),
    firstComment: firstComment.optional(),
  })
  .superRefine((post, ctx) => {
    if (post.text === undefined && !post.media && !post.article && !post.poll && !post.reshareOf) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'is required unless media, article, poll or reshareOf is given',
      });
    }
    if (post.poll && (post.media || post.article)) {
      ctx.addIssue({ code: 'custom', path: ['poll'], message: 'cannot be combined with media or article' });
    }
    if (post.reshareOf && (post.media || post.article || post.poll)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reshareOf'],
        message: 'cannot be combined with media, article or poll (a reshare carries only text)',
      });
    }
    if (post.text !== undefined && escapeLittleText(post.text).length > MAX_COMMENTARY_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `must be at most ${MAX_COMMENTARY_LENGTH} characters after escaping`,
      });
    }
    if (post.media && post.article) {
      ctx.addIssue({ code: 'custom', path: ['media'], message: 'cannot be combined with article' });
    }
    const media = post.media ?? [];
    const images = media.filter((item) => item.type === 'image').length;
    if (images !== media.length && media.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['media'],
        message: 'must be 1-20 images, or one video, or one document',
      });
    }
    if (post.visibility === 'CONNECTIONS' && post.author?.startsWith('urn:li:organization:')) {
      ctx.addIssue({ code: 'custom', path: ['visibility'], message: 'CONNECTIONS is for member posts only' });
    }
  });

export type PostRequested = z.infer<typeof postRequested>;
export type PostRequestedInput = z.input<typeof postRequested>;
export type MediaItem = z.infer<typeof mediaItem>;
export type Poll = z.infer<typeof poll>;
