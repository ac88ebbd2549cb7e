import { z } from 'zod';

/**
 * The `POST /rest/posts` body as LinkedIn's schema knows it (reference §5.2, §9.6 December 2026 additions).
 * Every object is strict: a field LinkedIn does not know is refused with 422 "unrecognized field found but not
 * allowed" (n8n-io/n8n#6327), wherever it sits. `celebration` is the one exception: its fields are not
 * documented, so it is accepted as sent.
 */
export const urnOf = (types: string) => z.string().regex(new RegExp(`^urn:li:(?:${types}):[A-Za-z0-9_-]+$`));

/** Poll limits (reference §9.6 December 2026 additions; issue 19 item 4). */
export const POLL_LIMITS = { question: 140, option: 30, minOptions: 2, maxOptions: 4 } as const;
export const POLL_DURATIONS = ['ONE_DAY', 'THREE_DAYS', 'SEVEN_DAYS', 'FOURTEEN_DAYS'] as const;

const MediaContent = z.strictObject({
  id: urnOf('image|video|document'),
  title: z.string().optional(),
  altText: z.string().max(4086).optional(),
});

const MultiImageContent = z.strictObject({
  images: z
    .array(z.strictObject({ id: urnOf('image'), altText: z.string().max(4086).optional() }))
    .min(2)
    .max(20),
});

const ArticleContent = z.strictObject({
  source: z.url(),
  title: z.string(),
  description: z.string().optional(),
  thumbnail: urnOf('image').optional(),
  /** UNCONFIRMED in the reference (§5.2); accepted and stored as sent. */
  thumbnailAltText: z.string().optional(),
});

const PollContent = z.strictObject({
  question: z.string().min(1).max(POLL_LIMITS.question),
  options: z
    .array(z.strictObject({ text: z.string().min(1).max(POLL_LIMITS.option) }))
    .min(POLL_LIMITS.minOptions)
    .max(POLL_LIMITS.maxOptions),
  settings: z.strictObject({
    duration: z.enum(POLL_DURATIONS),
    voteSelectionType: z.enum(['SINGLE_VOTE']).optional(),
    isVoterVisibleToAuthor: z.boolean().optional(),
  }),
});

export const CONTENT_KINDS = ['media', 'multiImage', 'article', 'poll', 'celebration'] as const;

export const PostBody = z.strictObject({
  author: z.string(),
  commentary: z.string().optional(),
  visibility: z.enum(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']),
  distribution: z.strictObject({
    feedDistribution: z.enum(['MAIN_FEED', 'NONE']),
    targetEntities: z.array(z.unknown()).optional(),
    thirdPartyDistributionChannels: z.array(z.unknown()).optional(),
  }),
  lifecycleState: z.literal('PUBLISHED'),
  isReshareDisabledByAuthor: z.boolean().optional(),
  content: z
    .strictObject({
      media: MediaContent.optional(),
      multiImage: MultiImageContent.optional(),
      article: ArticleContent.optional(),
      poll: PollContent.optional(),
      celebration: z.looseObject({}).optional(),
    })
    .optional(),
  reshareContext: z.strictObject({ parent: urnOf('share|ugcPost') }).optional(),
  /** Fields the reference names as updatable (§5.3); accepted at creation too. */
  contentLandingPage: z.url().optional(),
  contentCallToActionLabel: z.string().optional(),
  adContext: z.looseObject({}).optional(),
});

/** `{"patch":{"$set":{…}}}`: the updatable fields of §5.3, nothing else. */
export const PostPatchBody = z.strictObject({
  patch: z.strictObject({
    $set: z
      .strictObject({
        commentary: z.string().optional(),
        contentCallToActionLabel: z.string().optional(),
        contentLandingPage: z.url().optional(),
        lifecycleState: z.literal('PUBLISHED').optional(),
        adContext: z.looseObject({}).optional(),
      })
      .optional(),
  }),
});
