import type { ConformanceCase } from './case.ts';
import { finalizedVideo, postBody, type Ctx } from './context.ts';
import { PDF_BYTES } from './fixtures.ts';
import { rest } from './requests.ts';

const create = (ctx: Ctx, content: unknown, commentary = 'with content') =>
  rest('POST', '/rest/posts', ctx.vars['token'] ?? '', postBody(ctx.memberUrn, commentary, { content }));

const inputError = (code: string, fieldPath: string) => ({
  status: 422,
  errorDetails: { inputErrors: [{ code, input: { inputPath: { fieldPath } } }] },
});

const FORBIDDEN_IMAGE = {
  status: 403,
  serviceErrorCode: 100,
  code: 'ACCESS_DENIED',
  message: 'Accessing this image resource is forbidden. Please check your permissions for this resource',
};

async function withToken(ctx: Ctx): Promise<string> {
  ctx.vars['token'] = await ctx.token();
  return ctx.vars['token'];
}

/** An image owned by the default Page (the member is its ADMINISTRATOR): not the member's own. */
async function pageImage(ctx: Ctx): Promise<string> {
  return ctx.uploadImage(await withToken(ctx), ctx.orgUrn);
}

async function uploadedDocument(ctx: Ctx): Promise<string> {
  const { urn, path } = await ctx.initUpload('document', await withToken(ctx));
  await ctx.inject({
    method: 'PUT',
    url: path,
    headers: { authorization: `Bearer ${ctx.vars['token']}` },
    payload: PDF_BYTES,
  });
  return urn;
}

/** Reference §5.2 content kinds, with the media rules of §6 and §7. */
export const POST_CONTENT_CASES: ConformanceCase[] = [
  {
    ref: '§5.2 article with source and title → 201',
    arrange: async (ctx) => {
      await withToken(ctx);
    },
    request: (ctx) => create(ctx, { article: { source: 'https://example.com/a', title: 'An article' } }),
    status: 201,
  },
  {
    ref: '§5.2 article without title → 422 MISSING_FIELD (the API does not scrape)',
    arrange: async (ctx) => {
      await withToken(ctx);
    },
    request: (ctx) => create(ctx, { article: { source: 'https://example.com/a' } }),
    status: 422,
    match: inputError('MISSING_FIELD', 'content/article/title'),
  },
  {
    ref: '§5.2 article without source → 422 MISSING_FIELD',
    arrange: async (ctx) => {
      await withToken(ctx);
    },
    request: (ctx) => create(ctx, { article: { title: 'No source' } }),
    status: 422,
    match: inputError('MISSING_FIELD', 'content/article/source'),
  },
  {
    ref: '§5.2 article thumbnail that does not exist → 422 INVALID_URN_ID',
    arrange: async (ctx) => {
      await withToken(ctx);
    },
    request: (ctx) =>
      create(ctx, {
        article: { source: 'https://e.x/a', title: 't', thumbnail: 'urn:li:image:C4E10AQmissing00' },
      }),
    status: 422,
    match: inputError('INVALID_URN_ID', 'content/article/thumbnail'),
  },
  {
    ref: '§9.3 article thumbnail owned by someone else → 403 image forbidden',
    arrange: async (ctx) => {
      ctx.vars['image'] = await pageImage(ctx);
    },
    request: (ctx) =>
      create(ctx, { article: { source: 'https://e.x/a', title: 't', thumbnail: ctx.vars['image'] } }),
    status: 403,
    json: FORBIDDEN_IMAGE,
  },
  {
    ref: '§6 an image still PROCESSING may be posted',
    arrange: async (ctx) => {
      ctx.vars['image'] = await ctx.uploadImage(await withToken(ctx));
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['image'], altText: 'alt' } }),
    status: 201,
  },
  {
    ref: '§6 an image waiting for its upload → 422 MEDIA_ASSET_WAITING_UPLOAD',
    arrange: async (ctx) => {
      ctx.vars['image'] = (await ctx.initUpload('image', await withToken(ctx))).urn;
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['image'] } }),
    status: 422,
    match: inputError('MEDIA_ASSET_WAITING_UPLOAD', 'content/media/id'),
  },
  {
    ref: '§6 an image whose processing failed → 422 MEDIA_ASSET_PROCESSING_FAILED',
    arrange: async (ctx) => {
      ctx.vars['image'] = await ctx.uploadImage(await withToken(ctx));
      await ctx.admin('POST', '/_emulator/media/fail', { urn: ctx.vars['image'] });
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['image'] } }),
    status: 422,
    match: inputError('MEDIA_ASSET_PROCESSING_FAILED', 'content/media/id'),
  },
  {
    ref: '§9.3 media owned by someone else → 403 image forbidden',
    arrange: async (ctx) => {
      ctx.vars['image'] = await pageImage(ctx);
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['image'] } }),
    status: 403,
    json: FORBIDDEN_IMAGE,
  },
  {
    ref: '§7 a video that is not finalized → 422 MEDIA_ASSET_WAITING_UPLOAD',
    arrange: async (ctx) => {
      ctx.vars['video'] = (await ctx.initVideo(await withToken(ctx), 1000)).urn;
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['video'], title: 'Clip' } }),
    status: 422,
    match: inputError('MEDIA_ASSET_WAITING_UPLOAD', 'content/media/id'),
  },
  {
    ref: '§7 a finalized video (still PROCESSING) may be posted',
    arrange: async (ctx) => {
      ctx.vars['video'] = await finalizedVideo(ctx, await withToken(ctx), 2000);
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['video'], title: 'Clip' } }),
    status: 201,
  },
  {
    ref: '§5.2 a document post needs a title',
    arrange: async (ctx) => {
      ctx.vars['document'] = await uploadedDocument(ctx);
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['document'] } }),
    status: 422,
    match: inputError('MISSING_FIELD', 'content/media/title'),
  },
  {
    ref: '§5.2 an uploaded document with a title → 201',
    arrange: async (ctx) => {
      ctx.vars['document'] = await uploadedDocument(ctx);
    },
    request: (ctx) => create(ctx, { media: { id: ctx.vars['document'], title: 'Deck' } }),
    status: 201,
  },
  {
    ref: '§5.2 multiImage with 2 owned images → 201',
    arrange: async (ctx) => {
      const token = await withToken(ctx);
      ctx.vars['a'] = await ctx.uploadImage(token);
      ctx.vars['b'] = await ctx.uploadImage(token);
    },
    request: (ctx) =>
      create(ctx, { multiImage: { images: [{ id: ctx.vars['a'] }, { id: ctx.vars['b'], altText: 'b' }] } }),
    status: 201,
  },
  {
    ref: '§5.2 multiImage with 1 image → 422',
    arrange: async (ctx) => {
      ctx.vars['a'] = await ctx.uploadImage(await withToken(ctx));
    },
    request: (ctx) => create(ctx, { multiImage: { images: [{ id: ctx.vars['a'] }] } }),
    status: 422,
    match: {
      errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'content/multiImage/images' } } }] },
    },
  },
  {
    ref: '§5.2 multiImage with 21 images → 422',
    arrange: async (ctx) => {
      ctx.vars['a'] = await ctx.uploadImage(await withToken(ctx));
    },
    request: (ctx) =>
      create(ctx, { multiImage: { images: Array.from({ length: 21 }, () => ({ id: ctx.vars['a'] })) } }),
    status: 422,
  },
  {
    ref: '§5.2 multiImage with an image the author does not own → 403',
    arrange: async (ctx) => {
      ctx.vars['page'] = await pageImage(ctx);
      ctx.vars['own'] = await ctx.uploadImage(ctx.vars['token'] ?? '');
    },
    request: (ctx) =>
      create(ctx, { multiImage: { images: [{ id: ctx.vars['own'] }, { id: ctx.vars['page'] }] } }),
    status: 403,
    json: FORBIDDEN_IMAGE,
  },
  {
    ref: '§5.2 multiImage with a video URN → 422',
    arrange: async (ctx) => {
      ctx.vars['a'] = await ctx.uploadImage(await withToken(ctx));
    },
    request: (ctx) =>
      create(ctx, { multiImage: { images: [{ id: ctx.vars['a'] }, { id: 'urn:li:video:C5505AQabc' }] } }),
    status: 422,
  },
];
