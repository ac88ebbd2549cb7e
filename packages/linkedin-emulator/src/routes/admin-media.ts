import type { FastifyInstance } from 'fastify';
import { MediaFailBody, parseAdminBody } from '../admin-schemas.ts';
import { plainError } from '../linkedin-errors.ts';
import type { MediaAsset } from '../media-store.ts';
import { organizationView } from '../organization-view.ts';
import type { EmulatorState } from '../state.ts';

function mediaAdminView(state: EmulatorState, asset: MediaAsset): Record<string, unknown> {
  const view: Record<string, unknown> = {
    urn: asset.urn,
    kind: asset.kind,
    owner: asset.owner,
    status: state.media.statusOf(asset, state.app.mediaProcessingSeconds),
    createdAt: asset.createdAt,
    uploadUrlExpiresAt: asset.uploadUrlExpiresAt,
    contentType: asset.contentType ?? null,
    uploadedBytes: asset.uploadedBytes,
    sha256: asset.sha256 ?? null,
    processingFailureReason: asset.failureReason ?? null,
  };
  if (asset.kind === 'video') {
    view['fileSizeBytes'] = asset.fileSizeBytes;
    view['parts'] = asset.parts.map((part) => ({
      firstByte: part.firstByte,
      lastByte: part.lastByte,
      uploadedBytes: part.uploadedBytes ?? 0,
      sha256: part.sha256 ?? null,
      etag: part.etag ?? null,
    }));
    view['uploadedPartIds'] = asset.uploadedPartIds ?? null;
  }
  return view;
}

/** Admin views of media, quotas, organizations and member-initiated revocation (not part of LinkedIn). */
export function registerAdminMediaRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/_emulator/media', async () => state.media.list().map((asset) => mediaAdminView(state, asset)));

  app.post('/_emulator/media/fail', async (request) => {
    const body = parseAdminBody(MediaFailBody, request.body);
    const asset = state.media.get(body.urn);
    if (!asset) throw plainError(404, `No media ${body.urn}`);
    asset.failureReason = body.reason;
    return mediaAdminView(state, asset);
  });

  app.get('/_emulator/quotas', async () => ({
    ...state.createQuota.snapshot(),
    limits: { perMember: state.app.memberDailyCreateLimit, perApp: state.app.appDailyCreateLimit },
  }));

  app.get('/_emulator/organizations', async () => ({
    organizations: [...state.directory.organizations.values()].map(organizationView),
  }));

  app.post('/_emulator/members/:sub/revoke', async (request) => {
    const { sub } = request.params as { sub: string };
    if (!state.directory.members.has(sub)) throw plainError(404, `No member ${sub}`);
    return {
      sub,
      clientId: state.app.clientId,
      revokedTokens: state.grants.revokeMember(state.app.clientId, sub),
    };
  });
}
