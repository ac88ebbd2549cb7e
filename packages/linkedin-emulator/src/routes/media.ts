import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasReadScope, mayReadAs, mayWriteAs } from '../access.ts';
import { accessDenied } from '../linkedin-errors.ts';
import { mediaForbidden, mediaNotFound } from '../media-errors.ts';
import { InitializeUploadBody, InitializeVideoBody, parseActionBody } from '../media-schemas.ts';
import type { MediaAsset, MediaKind } from '../media-store.ts';
import { mediaView } from '../media-view.ts';
import { readParam } from '../params.ts';
import type { RestContext, RestGuard } from '../rest-headers.ts';
import { listParam, paramInvalid, resourceKey } from '../rest-params.ts';
import type { EmulatorState } from '../state.ts';
import { datedVersion } from '../versions.ts';
import { finalizeVideo } from './video-finalize.ts';

const COLLECTIONS = { image: 'images', video: 'videos', document: 'documents' } as const;

export const uploadUrl = (request: FastifyRequest, key: string): string =>
  `${request.protocol}://${request.host}/dms-uploads/${key}`;

function requireAction(request: FastifyRequest, allowed: readonly string[]): string {
  const action = readParam(request.query, 'action');
  if (action === undefined || !allowed.includes(action)) {
    throw paramInvalid('action', `Unsupported action ${action ?? '(none)'}; use ${allowed.join(' or ')}`);
  }
  return action;
}

function ownerAndSize(kind: MediaKind, body: unknown): { owner: string; fileSizeBytes?: number } {
  if (kind !== 'video') return parseActionBody(InitializeUploadBody, body).initializeUploadRequest;
  return parseActionBody(InitializeVideoBody, body).initializeUploadRequest;
}

function initialize(state: EmulatorState, request: FastifyRequest, context: RestContext, kind: MediaKind) {
  const { owner, fileSizeBytes } = ownerAndSize(kind, request.body);
  if (!mayWriteAs(state, context, owner)) {
    throw accessDenied(`${COLLECTIONS[kind]}.ACTION-initializeUpload.${datedVersion(context.version)}`);
  }
  const ttlSeconds = kind === 'video' ? state.app.videoUploadUrlTtlSeconds : state.app.uploadUrlTtlSeconds;
  const asset = state.media.create({ kind, owner, ttlSeconds, ...(fileSizeBytes ? { fileSizeBytes } : {}) });
  if (kind !== 'video') {
    return {
      value: {
        uploadUrlExpiresAt: asset.uploadUrlExpiresAt,
        uploadUrl: uploadUrl(request, asset.uploadKey ?? ''),
        [kind]: asset.urn,
      },
    };
  }
  return {
    value: {
      uploadUrlsExpireAt: asset.uploadUrlExpiresAt,
      video: asset.urn,
      uploadInstructions: asset.parts.map((part) => ({
        uploadUrl: uploadUrl(request, part.uploadKey),
        firstByte: part.firstByte,
        lastByte: part.lastByte,
      })),
      uploadToken: '',
    },
  };
}

function readable(state: EmulatorState, context: RestContext, kind: MediaKind, urn: string): MediaAsset {
  if (!hasReadScope(context)) throw mediaForbidden(kind);
  const asset = state.media.get(urn);
  if (!asset || asset.kind !== kind) throw mediaNotFound(urn);
  if (!mayReadAs(state, context, asset.owner)) throw mediaForbidden(kind);
  return asset;
}

/** Images, videos and documents: initialize, finalize (videos), get and batch get (reference §6, §7). */
export function registerMediaRoutes(app: FastifyInstance, state: EmulatorState, guard: RestGuard): void {
  const view = (asset: MediaAsset) =>
    mediaView(asset, state.media.statusOf(asset, state.app.mediaProcessingSeconds), state.clock.now());

  for (const kind of ['image', 'video', 'document'] as const) {
    const path = `/rest/${COLLECTIONS[kind]}`;
    app.post(path, { onRequest: guard.check }, async (request, reply) => {
      const context = guard.contextOf(request);
      const action = requireAction(
        request,
        kind === 'video' ? ['initializeUpload', 'finalizeUpload'] : ['initializeUpload'],
      );
      if (action === 'finalizeUpload') {
        finalizeVideo(state, context, request.body);
        return reply.code(200).send();
      }
      return initialize(state, request, context, kind);
    });

    app.get(`${path}/:urn`, { onRequest: guard.check }, async (request) => {
      const context = guard.contextOf(request);
      return view(readable(state, context, kind, resourceKey(request)));
    });

    app.get(path, { onRequest: guard.check }, async (request) => {
      const context = guard.contextOf(request);
      const ids = listParam(request, 'ids');
      if (ids === undefined || ids.length === 0) throw paramInvalid('ids', 'ids=List(...) is required');
      if (!hasReadScope(context)) throw mediaForbidden(kind);
      const results: Record<string, unknown> = {};
      const statuses: Record<string, number> = {};
      const errors: Record<string, unknown> = {};
      for (const urn of ids) {
        const asset = state.media.get(urn);
        const problem = !asset || asset.kind !== kind ? mediaNotFound(urn) : undefined;
        const error =
          problem ?? (asset && !mayReadAs(state, context, asset.owner) ? mediaForbidden(kind) : undefined);
        statuses[urn] = error ? error.status : 200;
        if (error) errors[urn] = error.body;
        else if (asset) results[urn] = view(asset);
      }
      return { results, statuses, errors };
    });
  }
}
