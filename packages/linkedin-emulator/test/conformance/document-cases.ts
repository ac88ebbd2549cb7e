import { expect } from 'vitest';
import type { ConformanceCase } from './case.ts';
import { PDF_BYTES } from './fixtures.ts';
import { enc, rest } from './requests.ts';

const READER = 'openid w_member_social r_member_social';

/** The Documents API behind §5.2 `content.media` (`urn:li:document:…`), shaped like the Images API of §6. */
export const DOCUMENT_CASES: ConformanceCase[] = [
  {
    ref: '§5.2 documents: initializeUpload → uploadUrl and document URN',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      rest('POST', '/rest/documents?action=initializeUpload', ctx.vars['token'] ?? '', {
        initializeUploadRequest: { owner: ctx.memberUrn },
      }),
    status: 200,
    match: {
      value: {
        uploadUrl: expect.stringMatching(/\/dms-uploads\//) as unknown,
        document: expect.stringMatching(/^urn:li:document:D4D10AQ/) as unknown,
        uploadUrlExpiresAt: expect.any(Number) as unknown,
      },
    },
  },
  {
    ref: '§5.2 documents: PDF bytes → 201, then PROCESSING → AVAILABLE',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(READER);
      const { urn, path } = await ctx.initUpload('document', ctx.vars['token']);
      ctx.vars['urn'] = urn;
      const res = await ctx.inject({
        method: 'PUT',
        url: path,
        headers: { authorization: `Bearer ${ctx.vars['token']}`, 'content-type': 'application/pdf' },
        payload: PDF_BYTES,
      });
      expect(res.statusCode).toBe(201);
      ctx.advance(2);
    },
    request: (ctx) => rest('GET', `/rest/documents/${enc(ctx.vars['urn'] ?? '')}`, ctx.vars['token'] ?? ''),
    status: 200,
    match: { status: 'AVAILABLE' },
  },
  {
    ref: '§5.2 documents: bytes without the %PDF magic → 400',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
      ctx.vars['path'] = (await ctx.initUpload('document', ctx.vars['token'])).path;
    },
    request: (ctx) => ({
      method: 'PUT',
      url: ctx.vars['path'] ?? '',
      headers: { authorization: `Bearer ${ctx.vars['token']}` },
      payload: Buffer.from('plain text, not a PDF'),
    }),
    status: 400,
  },
];
