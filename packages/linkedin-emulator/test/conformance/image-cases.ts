import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { FIXED_NOW } from '../helpers.ts';
import type { ConformanceCase } from './case.ts';
import type { Ctx } from './context.ts';
import { GIF_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES } from './fixtures.ts';
import { enc, rest } from './requests.ts';

const READER = 'openid w_member_social r_member_social';

async function initImage(ctx: Ctx, scope = READER): Promise<void> {
  ctx.vars['token'] = await ctx.token(scope);
  const { urn, path } = await ctx.initUpload('image', ctx.vars['token']);
  ctx.vars['urn'] = urn;
  ctx.vars['path'] = path;
}

const put = (ctx: Ctx, payload: Buffer, headers: Record<string, string> = {}) => ({
  method: 'PUT' as const,
  url: ctx.vars['path'] ?? '',
  headers: {
    authorization: `Bearer ${ctx.vars['token']}`,
    'content-type': 'application/octet-stream',
    ...headers,
  },
  payload,
});

const status = (ctx: Ctx) =>
  rest('GET', `/rest/images/${enc(ctx.vars['urn'] ?? '')}`, ctx.vars['token'] ?? '');

const badUpload = (name: string, payload: Buffer, headers: Record<string, string> = {}): ConformanceCase => ({
  ref: `§6 upload ${name} → 400`,
  arrange: (ctx) => initImage(ctx),
  request: (ctx) => put(ctx, payload, headers),
  status: 400,
  match: { status: 400 },
});

const statusAfter = (seconds: number, expected: string): ConformanceCase => ({
  ref: `§6 status ${seconds} emulated seconds after the upload → ${expected}`,
  arrange: async (ctx) => {
    await initImage(ctx);
    await ctx.inject(put(ctx, PNG_BYTES));
    ctx.advance(seconds);
  },
  request: (ctx) => status(ctx),
  status: 200,
  match: (ctx) => ({ id: ctx.vars['urn'], owner: ctx.memberUrn, status: expected }),
});

/** Reference §6 (Images API). */
export const IMAGE_CASES: ConformanceCase[] = [
  {
    ref: '§6 initializeUpload → uploadUrl on the emulator, image URN, expiry in ms',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      rest('POST', '/rest/images?action=initializeUpload', ctx.vars['token'] ?? '', {
        initializeUploadRequest: { owner: ctx.memberUrn },
      }),
    status: 200,
    match: {
      value: {
        uploadUrlExpiresAt: FIXED_NOW + 86400_000,
        uploadUrl: expect.stringMatching(/^http:\/\/localhost:80\/dms-uploads\/[\w-]+$/) as unknown,
        image: expect.stringMatching(/^urn:li:image:C4E10AQ[\w-]{12}$/) as unknown,
      },
    },
  },
  {
    ref: '§6 initializeUpload for a Page without w_organization_social → 403',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid w_member_social');
    },
    request: (ctx) =>
      rest('POST', '/rest/images?action=initializeUpload', ctx.vars['token'] ?? '', {
        initializeUploadRequest: { owner: ctx.orgUrn },
      }),
    status: 403,
    match: {
      code: 'ACCESS_DENIED',
      message: 'Not enough permissions to access: images.ACTION-initializeUpload.20260901',
    },
  },
  {
    ref: '§6 initializeUpload without owner → 422 MISSING_FIELD',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      rest('POST', '/rest/images?action=initializeUpload', ctx.vars['token'] ?? '', {
        initializeUploadRequest: {},
      }),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [
          { code: 'MISSING_FIELD', input: { inputPath: { fieldPath: 'initializeUploadRequest/owner' } } },
        ],
      },
    },
  },
  {
    ref: '§6 upload PNG with Bearer → 201, empty body; bytes recorded with sha256',
    arrange: (ctx) => initImage(ctx),
    request: (ctx) => put(ctx, PNG_BYTES, { 'content-type': 'image/png' }),
    status: 201,
    body: '',
    verify: async (ctx) => {
      const media = (await ctx.admin('GET', '/_emulator/media')).json<object[]>();
      expect(media).toEqual([
        expect.objectContaining({
          urn: ctx.vars['urn'],
          kind: 'image',
          status: 'PROCESSING',
          contentType: 'image/png',
          uploadedBytes: PNG_BYTES.length,
          sha256: createHash('sha256').update(PNG_BYTES).digest('hex'),
        }),
      ]);
    },
  },
  {
    ref: '§6 upload JPG → 201',
    arrange: (ctx) => initImage(ctx),
    request: (ctx) => put(ctx, JPEG_BYTES),
    status: 201,
  },
  {
    ref: '§6 upload GIF → 201',
    arrange: (ctx) => initImage(ctx),
    request: (ctx) => put(ctx, GIF_BYTES, { 'content-type': 'image/gif' }),
    status: 201,
  },
  {
    ref: '§6 upload without Authorization → 401',
    arrange: (ctx) => initImage(ctx),
    request: (ctx) => ({ method: 'PUT', url: ctx.vars['path'] ?? '', payload: PNG_BYTES }),
    status: 401,
    json: { message: 'Empty oauth2_access_token', serviceErrorCode: 401, status: 401 },
  },
  badUpload('empty body', Buffer.alloc(0)),
  badUpload('of PDF bytes', PDF_BYTES),
  badUpload('with a Content-Type that contradicts the bytes', PNG_BYTES, { 'content-type': 'image/jpeg' }),
  {
    ref: '§6 upload after the upload URL expired (emulated clock) → 400 EXPIRED_UPLOAD_URL',
    arrange: async (ctx) => {
      await initImage(ctx);
      ctx.advance(86400);
    },
    request: (ctx) => put(ctx, PNG_BYTES),
    status: 400,
    json: { status: 400, code: 'EXPIRED_UPLOAD_URL', message: 'The upload URL has expired' },
  },
  {
    ref: '§6 status before the upload → WAITING_UPLOAD',
    arrange: (ctx) => initImage(ctx),
    request: (ctx) => status(ctx),
    status: 200,
    json: (ctx) => ({ id: ctx.vars['urn'], owner: ctx.memberUrn, status: 'WAITING_UPLOAD' }),
  },
  statusAfter(0, 'PROCESSING'),
  statusAfter(2, 'AVAILABLE'),
  {
    ref: '§6 AVAILABLE images carry downloadUrl and downloadUrlExpiresAt (ms)',
    arrange: async (ctx) => {
      await initImage(ctx);
      await ctx.inject(put(ctx, PNG_BYTES));
      ctx.advance(5);
    },
    request: (ctx) => status(ctx),
    status: 200,
    match: {
      status: 'AVAILABLE',
      downloadUrl: expect.stringMatching(/^https:\/\/media\.licdn\.com\//) as unknown,
      downloadUrlExpiresAt: FIXED_NOW + 5000 + 86400_000,
    },
  },
  {
    ref: '§6 processing time follows mediaProcessingSeconds',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/app', { mediaProcessingSeconds: 30 });
      await initImage(ctx);
      await ctx.inject(put(ctx, PNG_BYTES));
      ctx.advance(29);
    },
    request: (ctx) => status(ctx),
    status: 200,
    match: { status: 'PROCESSING' },
  },
  {
    ref: '§6 GET an image with only w_member_social → 403 image forbidden',
    arrange: (ctx) => initImage(ctx, 'openid w_member_social'),
    request: (ctx) => status(ctx),
    status: 403,
    json: {
      status: 403,
      serviceErrorCode: 100,
      code: 'ACCESS_DENIED',
      message: 'Accessing this image resource is forbidden. Please check your permissions for this resource',
    },
  },
  {
    ref: '§6 batch GET images?ids=List(…)',
    arrange: (ctx) => initImage(ctx),
    request: (ctx) =>
      rest(
        'GET',
        `/rest/images?ids=List(${enc(ctx.vars['urn'] ?? '')},urn%3Ali%3Aimage%3AC4E10AQnone)`,
        ctx.vars['token'] ?? '',
      ),
    status: 200,
    match: (ctx) => ({
      results: { [ctx.vars['urn'] ?? '']: { status: 'WAITING_UPLOAD' } },
      statuses: { [ctx.vars['urn'] ?? '']: 200, 'urn:li:image:C4E10AQnone': 404 },
    }),
  },
  {
    ref: '§6 GET an unknown image → 404',
    arrange: (ctx) => initImage(ctx),
    request: (ctx) => rest('GET', `/rest/images/${enc('urn:li:image:C4E10AQnone')}`, ctx.vars['token'] ?? ''),
    status: 404,
  },
];
