import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { EmulatorState } from '../../src/index.ts';
import {
  ALL_SCOPES,
  codeFields,
  exchange,
  getCode,
  postBody,
  restHeaders,
  type TokenResponse,
} from '../helpers.ts';
import { PNG_BYTES, mp4Bytes } from './fixtures.ts';

/** What a conformance row can use: the emulator, cached tokens and a few LinkedIn flows. */
export interface Ctx {
  app: FastifyInstance;
  state: EmulatorState;
  /** Values an `arrange` step leaves for `request` (URNs, codes, tokens). */
  vars: Record<string, string>;
  memberUrn: string;
  orgUrn: string;
  orgId: string;
  /** An access token for the default member (or `member`), cached per scope set within one row. */
  token(scope?: string, member?: string): Promise<string>;
  tokens(scope?: string): Promise<TokenResponse>;
  code(params?: Record<string, string>): Promise<string>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  admin(method: 'GET' | 'POST' | 'DELETE', path: string, payload?: unknown): Promise<LightMyRequestResponse>;
  advance(seconds: number): void;
  /** `POST /rest/posts` that must answer 201; returns the URN. */
  createPost(token: string, body: Record<string, unknown>): Promise<string>;
  /** `initializeUpload` for an image or document; returns the URN and the upload URL's path. */
  initUpload(
    kind: 'image' | 'document',
    token: string,
    owner?: string,
  ): Promise<{ urn: string; path: string }>;
  /** An image initialized and uploaded (PROCESSING until `mediaProcessingSeconds` pass). */
  uploadImage(token: string, owner?: string): Promise<string>;
  /** A video initialized; `parts` are the upload paths with their byte ranges. */
  initVideo(token: string, size: number, owner?: string): Promise<{ urn: string; parts: VideoPartRef[] }>;
  /** Uploads every part of a video's bytes and returns the ETags in order. */
  uploadVideoParts(parts: VideoPartRef[], bytes: Buffer): Promise<string[]>;
  finalizeVideo(token: string, urn: string, etags: string[]): Promise<LightMyRequestResponse>;
}

export interface VideoPartRef {
  path: string;
  firstByte: number;
  lastByte: number;
}

export const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

export function createCtx(app: FastifyInstance, state: EmulatorState): Ctx {
  const cache = new Map<string, Promise<TokenResponse>>();
  const memberUrn = `urn:li:person:${state.defaultMember.sub}`;
  const orgUrn = state.defaultOrganization.urn;

  async function tokens(scope = ALL_SCOPES, member?: string): Promise<TokenResponse> {
    const key = `${scope}|${member ?? ''}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = (async () => {
        const params = member === undefined ? { scope } : { scope, emulator_member: member };
        const res = await exchange(app, codeFields(await getCode(app, params)));
        if (res.statusCode !== 200) throw new Error(`token exchange failed: ${res.body}`);
        return res.json<TokenResponse>();
      })();
      cache.set(key, pending);
    }
    return pending;
  }

  const ctx: Ctx = {
    app,
    state,
    vars: {},
    memberUrn,
    orgUrn,
    orgId: state.defaultOrganization.id,
    token: async (scope, member) => (await tokens(scope, member)).access_token,
    tokens: (scope) => tokens(scope),
    code: (params) => getCode(app, params),
    inject: (options) => app.inject(options),
    admin: (method, path, payload) =>
      app.inject({ method, url: path, ...(payload === undefined ? {} : { payload: payload as object }) }),
    advance: (seconds) => state.clock.advance(seconds),
    async createPost(token, body) {
      const res = await app.inject({
        method: 'POST',
        url: '/rest/posts',
        headers: restHeaders(token),
        payload: body,
      });
      if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      return String(res.headers['x-restli-id']);
    },
    async initUpload(kind, token, owner = memberUrn) {
      const res = await app.inject({
        method: 'POST',
        url: `/rest/${kind}s?action=initializeUpload`,
        headers: restHeaders(token),
        payload: { initializeUploadRequest: { owner } },
      });
      const value = res.json<{ value: Record<string, string> }>().value;
      return { urn: String(value[kind]), path: pathOf(String(value['uploadUrl'])) };
    },
    async uploadImage(token, owner) {
      const { urn, path } = await ctx.initUpload('image', token, owner);
      const res = await app.inject({
        method: 'PUT',
        url: path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        payload: PNG_BYTES,
      });
      if (res.statusCode !== 201) throw new Error(`image upload failed: ${res.body}`);
      return urn;
    },
    async initVideo(token, size, owner = memberUrn) {
      const res = await app.inject({
        method: 'POST',
        url: '/rest/videos?action=initializeUpload',
        headers: restHeaders(token),
        payload: {
          initializeUploadRequest: {
            owner,
            fileSizeBytes: size,
            uploadCaptions: false,
            uploadThumbnail: false,
          },
        },
      });
      const value = res.json<{
        value: { video: string; uploadInstructions: (VideoPartRef & { uploadUrl: string })[] };
      }>().value;
      const parts = value.uploadInstructions.map((i) => ({
        path: pathOf(i.uploadUrl),
        firstByte: i.firstByte,
        lastByte: i.lastByte,
      }));
      return { urn: value.video, parts };
    },
    async uploadVideoParts(parts, bytes) {
      const etags: string[] = [];
      for (const part of parts) {
        const res = await app.inject({
          method: 'PUT',
          url: part.path,
          headers: { 'content-type': 'application/octet-stream' },
          payload: bytes.subarray(part.firstByte, part.lastByte + 1),
        });
        if (res.statusCode !== 200) throw new Error(`part upload failed: ${res.body}`);
        etags.push(String(res.headers['etag']));
      }
      return etags;
    },
    finalizeVideo: (token, urn, etags) =>
      app.inject({
        method: 'POST',
        url: '/rest/videos?action=finalizeUpload',
        headers: restHeaders(token),
        payload: { finalizeUploadRequest: { video: urn, uploadToken: '', uploadedPartIds: etags } },
      }),
  };
  return ctx;
}

/** A finalized video of `size` bytes owned by the default member. */
export async function finalizedVideo(ctx: Ctx, token: string, size = 5 * 1024 * 1024): Promise<string> {
  const { urn, parts } = await ctx.initVideo(token, size);
  const res = await ctx.finalizeVideo(token, urn, await ctx.uploadVideoParts(parts, mp4Bytes(size)));
  if (res.statusCode !== 200) throw new Error(`finalize failed: ${res.body}`);
  return urn;
}

export { postBody, restHeaders };
