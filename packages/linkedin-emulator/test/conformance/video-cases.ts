import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { ConformanceCase } from './case.ts';
import type { Ctx } from './context.ts';
import { mp4Bytes } from './fixtures.ts';
import { enc, rest } from './requests.ts';

const MIB = 1024 * 1024;
const SIZE = 9 * MIB + 5;
const BYTES = mp4Bytes(SIZE);
const READER = 'openid w_member_social r_member_social';

async function initVideo(ctx: Ctx, scope = READER, size = SIZE): Promise<void> {
  ctx.vars['token'] = await ctx.token(scope);
  const { urn, parts } = await ctx.initVideo(ctx.vars['token'], size);
  ctx.vars['urn'] = urn;
  ctx.vars['parts'] = JSON.stringify(parts);
}

const partsOf = (ctx: Ctx) =>
  JSON.parse(ctx.vars['parts'] ?? '[]') as { path: string; firstByte: number; lastByte: number }[];

async function uploadAll(ctx: Ctx): Promise<string[]> {
  const etags = await ctx.uploadVideoParts(partsOf(ctx), BYTES);
  ctx.vars['etags'] = JSON.stringify(etags);
  return etags;
}

const etagsOf = (ctx: Ctx) => JSON.parse(ctx.vars['etags'] ?? '[]') as string[];

const finalize = (ctx: Ctx, ids: string[], uploadToken = '') =>
  rest('POST', '/rest/videos?action=finalizeUpload', ctx.vars['token'] ?? '', {
    finalizeUploadRequest: { video: ctx.vars['urn'], uploadToken, uploadedPartIds: ids },
  });

const putPart = (ctx: Ctx, index: number, payload: Buffer, headers: Record<string, string> = {}) => ({
  method: 'PUT' as const,
  url: partsOf(ctx)[index]?.path ?? '',
  headers: { 'content-type': 'application/octet-stream', ...headers },
  payload,
});

const slice = (ctx: Ctx, index: number) => {
  const part = partsOf(ctx)[index];
  return BYTES.subarray(part?.firstByte ?? 0, (part?.lastByte ?? 0) + 1);
};

const status = (ctx: Ctx) =>
  rest('GET', `/rest/videos/${enc(ctx.vars['urn'] ?? '')}`, ctx.vars['token'] ?? '');

const INVALID_PARTS = { status: 400, code: 'INVALID_UPLOADED_PART_IDS' };

/** Reference §7 (Videos API). */
export const VIDEO_CASES: ConformanceCase[] = [
  {
    ref: '§7 initializeUpload → 4 MiB parts firstByte..lastByte inclusive, uploadToken ""',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      rest('POST', '/rest/videos?action=initializeUpload', ctx.vars['token'] ?? '', {
        initializeUploadRequest: {
          owner: ctx.memberUrn,
          fileSizeBytes: SIZE,
          uploadCaptions: false,
          uploadThumbnail: false,
        },
      }),
    status: 200,
    match: {
      value: {
        video: expect.stringMatching(/^urn:li:video:C5505AQ[\w-]{12}$/) as unknown,
        uploadInstructions: [
          { firstByte: 0, lastByte: 4 * MIB - 1 },
          { firstByte: 4 * MIB, lastByte: 8 * MIB - 1 },
          { firstByte: 8 * MIB, lastByte: SIZE - 1 },
        ],
        uploadToken: '',
      },
    },
    verify: (ctx, res) => {
      const value = res.json<{
        value: { uploadUrlsExpireAt: number; uploadInstructions: { uploadUrl: string }[] };
      }>().value;
      expect(value.uploadUrlsExpireAt).toBe(ctx.state.clock.now() + 30 * 86400_000);
      for (const i of value.uploadInstructions)
        expect(i.uploadUrl).toMatch(/^http:\/\/localhost:80\/dms-uploads\//);
    },
  },
  {
    ref: '§7 initializeUpload without fileSizeBytes → 422',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      rest('POST', '/rest/videos?action=initializeUpload', ctx.vars['token'] ?? '', {
        initializeUploadRequest: { owner: ctx.memberUrn },
      }),
    status: 422,
    match: { errorDetails: { inputErrors: [{ code: 'MISSING_FIELD' }] } },
  },
  {
    ref: '§7 part PUT without Authorization → 200 with an ETag',
    arrange: (ctx) => initVideo(ctx),
    request: (ctx) => putPart(ctx, 0, slice(ctx, 0)),
    status: 200,
    body: '',
    headers: { etag: /^\S+$/ },
  },
  {
    ref: '§7 part PUT with Authorization → 400',
    arrange: (ctx) => initVideo(ctx),
    request: (ctx) => putPart(ctx, 0, slice(ctx, 0), { authorization: `Bearer ${ctx.vars['token']}` }),
    status: 400,
  },
  {
    ref: '§11 part sliced off by one (split -b 4194303) → 400',
    arrange: (ctx) => initVideo(ctx),
    request: (ctx) => putPart(ctx, 0, BYTES.subarray(0, 4 * MIB - 1)),
    status: 400,
    match: { message: 'Part bytes 0-4194303 need 4194304 bytes, received 4194303' },
  },
  {
    ref: '§7 first part that is not MP4 → 400',
    arrange: (ctx) => initVideo(ctx, READER, 100),
    request: (ctx) => putPart(ctx, 0, Buffer.alloc(100)),
    status: 400,
  },
  {
    ref: '§7 finalizeUpload with the ETags in order → 200 empty; sha256 and part ETags in /_emulator/media',
    arrange: async (ctx) => {
      await initVideo(ctx);
      await uploadAll(ctx);
    },
    request: (ctx) => finalize(ctx, etagsOf(ctx)),
    status: 200,
    body: '',
    verify: async (ctx) => {
      const [video] = (await ctx.admin('GET', '/_emulator/media')).json<Record<string, unknown>[]>();
      expect(video).toMatchObject({
        kind: 'video',
        status: 'PROCESSING',
        fileSizeBytes: SIZE,
        uploadedBytes: SIZE,
        sha256: createHash('sha256').update(BYTES).digest('hex'),
        uploadedPartIds: etagsOf(ctx),
        contentType: 'video/mp4',
      });
      expect((video?.['parts'] as { etag: string }[]).map((p) => p.etag)).toEqual(etagsOf(ctx));
    },
  },
  {
    ref: '§11 finalizeUpload with ETags out of order → 400',
    arrange: async (ctx) => {
      await initVideo(ctx);
      await uploadAll(ctx);
    },
    request: (ctx) => finalize(ctx, [...etagsOf(ctx)].reverse()),
    status: 400,
    match: INVALID_PARTS,
  },
  {
    ref: '§7 finalizeUpload with a part missing → 400',
    arrange: async (ctx) => {
      await initVideo(ctx);
      await ctx.inject(putPart(ctx, 0, slice(ctx, 0)));
    },
    request: (ctx) => finalize(ctx, []),
    status: 400,
    match: INVALID_PARTS,
  },
  {
    ref: '§7 finalizeUpload with another uploadToken → 400',
    arrange: async (ctx) => {
      await initVideo(ctx);
      await uploadAll(ctx);
    },
    request: (ctx) => finalize(ctx, etagsOf(ctx), 'not-echoed'),
    status: 400,
  },
  {
    ref: '§7 status before finalize → WAITING_UPLOAD, after → PROCESSING → AVAILABLE',
    arrange: async (ctx) => {
      await initVideo(ctx);
      const waiting = await ctx.inject(status(ctx));
      expect(waiting.json()).toMatchObject({ status: 'WAITING_UPLOAD' });
      await ctx.inject(finalize(ctx, await uploadAll(ctx)));
      expect((await ctx.inject(status(ctx))).json()).toMatchObject({ status: 'PROCESSING' });
      ctx.advance(2);
    },
    request: (ctx) => status(ctx),
    status: 200,
    match: (ctx) => ({ id: ctx.vars['urn'], owner: ctx.memberUrn, status: 'AVAILABLE' }),
  },
  {
    ref: '§7 GET a video with only w_member_social → 403 video forbidden',
    arrange: (ctx) => initVideo(ctx, 'openid w_member_social', 100),
    request: (ctx) => status(ctx),
    status: 403,
    match: {
      message: 'Accessing this video resource is forbidden. Please check your permissions for this resource',
    },
  },
  {
    ref: '§7 a part URL after it expired → 400 EXPIRED_UPLOAD_URL',
    arrange: async (ctx) => {
      await initVideo(ctx, READER, 100);
      ctx.advance(30 * 86400);
    },
    request: (ctx) => putPart(ctx, 0, mp4Bytes(100)),
    status: 400,
    match: { code: 'EXPIRED_UPLOAD_URL' },
  },
];
